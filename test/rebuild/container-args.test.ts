import { describe, expect, it } from 'vitest';
import {
  checkMountPath,
  mountField,
  stepArgs,
  type StepArgsInput,
} from '../../server/src/rebuild/container-args';

const input = (step: StepArgsInput['step'], fetchNetwork?: string): StepArgsInput => ({
  step,
  containerName: 'apkharden-hello-hardened-build-abc123',
  image: 'alpine:3.24',
  folders: {
    // A path a shell would expand or split: it must reach the engine as it is.
    aport: '/tmp/a port/$(touch x)/hello',
    output: '/home/u/.cache/apkbuild-hardening/rebuild/hello/hardened',
    distfiles: '/home/u/.cache/apkbuild-hardening/distfiles',
    apkCache: '/home/u/.cache/apkbuild-hardening/apk-cache',
    scriptDir: '/opt/ext/server/data',
  },
  fetchNetwork,
  repo: 'main',
  aportName: 'hello',
  hostUid: 1000,
  hostGid: 1001,
});

/** The values of every `--flag value` pair of an argument list. */
function valuesOf(args: string[], flag: string): string[] {
  return args.flatMap((arg, i) => (arg === flag ? [args[i + 1]] : []));
}

describe('container argument list', () => {
  it('runs the fixed script with values in the environment only', () => {
    const args = stepArgs(input('build'));
    expect(args.slice(0, 2)).toEqual(['run', '--rm']);
    expect(args.slice(-4)).toEqual([
      '--',
      'alpine:3.24',
      '/bin/sh',
      '/opt/apkbuild-hardening/abuild-in-container.sh',
    ]);
    expect(valuesOf(args, '--env')).toEqual([
      'ABUILD_PHASE=build',
      'APORT_REPO=main',
      'APORT_NAME=hello',
      'HOST_UID=1000',
      'HOST_GID=1001',
    ]);
    expect(valuesOf(args, '--name')).toEqual(['apkharden-hello-hardened-build-abc123']);
  });

  it('mounts the aport copy and the script read-only, outputs and caches writable', () => {
    expect(valuesOf(stepArgs(input('fetch')), '--mount')).toEqual([
      'type=bind,source=/tmp/a port/$(touch x)/hello,target=/aport,readonly',
      'type=bind,source=/home/u/.cache/apkbuild-hardening/rebuild/hello/hardened,target=/out',
      'type=bind,source=/home/u/.cache/apkbuild-hardening/distfiles,target=/var/cache/distfiles',
      'type=bind,source=/home/u/.cache/apkbuild-hardening/apk-cache,target=/etc/apk/cache',
      'type=bind,source=/opt/ext/server/data,target=/opt/apkbuild-hardening,readonly',
    ]);
  });

  it('turns the network off for the build step whatever the fetch step uses', () => {
    expect(valuesOf(stepArgs(input('build', 'host')), '--network')).toEqual(['none']);
    expect(valuesOf(stepArgs(input('build')), '--network')).toEqual(['none']);
    expect(valuesOf(stepArgs(input('fetch', 'host')), '--network')).toEqual(['host']);
    expect(valuesOf(stepArgs(input('fetch')), '--network')).toEqual([]);
  });

  it('quotes a mount field holding a comma, a quote or a line break, as CSV does', () => {
    expect(mountField('source', '/tmp/a b')).toBe('source=/tmp/a b');
    expect(mountField('source', '/tmp/a,readonly')).toBe('"source=/tmp/a,readonly"');
    expect(mountField('source', '/tmp/say "hi"')).toBe('"source=/tmp/say ""hi"""');
    expect(mountField('source', '/tmp/a\nb')).toBe('"source=/tmp/a\nb"');
    expect(mountField('source', '/tmp/a\rb')).toBe('"source=/tmp/a\rb"');
    const args = stepArgs({
      ...input('fetch'),
      folders: { ...input('fetch').folders, output: '/o,readonly' },
    });
    expect(valuesOf(args, '--mount')[1]).toBe('type=bind,"source=/o,readonly",target=/out');
  });

  it('refuses host paths no mount can name, and images and networks that read as options', () => {
    expect(() => checkMountPath('/tmp/a\r\nb')).toThrow(
      '"/tmp/a\\r\\nb": a folder for a container mount may not hold a carriage return before a newline',
    );
    expect(() => checkMountPath('cache/distfiles')).toThrow(
      'cache/distfiles: a folder for a container mount must be an absolute path',
    );
    expect(() => stepArgs({ ...input('build'), image: '--privileged' })).toThrow(
      "image '--privileged' begins with '-'",
    );
    expect(() => stepArgs(input('fetch', '--privileged'))).toThrow(
      "--network '--privileged' begins with '-'",
    );
  });
});
