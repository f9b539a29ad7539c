import { describe, expect, it } from 'vitest';
import { parseImageInspect } from '../../server/src/rebuild/engine';

/**
 * `image inspect --format '{{.Id}} {{json .RepoDigests}}'` as docker 26 and podman 4.3 print
 * it (shapes seen on this machine; the hex digits are made up).
 */
const hex = (digit: string): string => digit.repeat(64);

describe('parseImageInspect', () => {
  it('keeps docker’s prefixed id and the digest of a pulled image', () => {
    const out = `sha256:${hex('a')} ["alpine@sha256:${hex('b')}"]\n`;
    expect(parseImageInspect('alpine:3.24', out)).toEqual({
      name: 'alpine:3.24',
      id: `sha256:${hex('a')}`,
      repoDigests: [`alpine@sha256:${hex('b')}`],
    });
  });

  it('gives podman’s bare id the sha256: prefix docker writes', () => {
    const out = `${hex('c')} ["docker.io/library/alpine@sha256:${hex('d')}"]\n`;
    expect(parseImageInspect('alpine:3.24', out)).toEqual({
      name: 'alpine:3.24',
      id: `sha256:${hex('c')}`,
      repoDigests: [`docker.io/library/alpine@sha256:${hex('d')}`],
    });
  });

  it('drops the localhost/ digest podman gives an imported image, keeps a local registry', () => {
    const imported = `${hex('e')} ["localhost/stand-in@sha256:${hex('f')}"]\n`;
    expect(parseImageInspect('stand-in:1', imported).repoDigests).toEqual([]);
    const registry = `${hex('e')} ["localhost:5000/stand-in@sha256:${hex('f')}"]\n`;
    expect(parseImageInspect('stand-in:1', registry).repoDigests).toEqual([
      `localhost:5000/stand-in@sha256:${hex('f')}`,
    ]);
  });

  it('reads an image without digests: docker import’s [] and an unparsable list', () => {
    expect(parseImageInspect('x:1', `sha256:${hex('1')} []`).repoDigests).toEqual([]);
    expect(parseImageInspect('x:1', `sha256:${hex('1')} <no value>`).repoDigests).toEqual([]);
  });
});
