import { describe, expect, it } from 'vitest';
import {
  compareArgs,
  defaultRebuildDir,
  definitionProblem,
  rebuildArgs,
  settingPath,
  taskName,
  type TaskSettings,
} from '../../client/src/task-definition';

const settings: TaskSettings = {
  containerEngine: 'podman',
  image: 'alpine:3.24',
  profile: 'kubernetes',
  apkindex: ['/idx/main/APKINDEX.tar.gz', '/idx/community/APKINDEX.tar.gz'],
  sbom: [],
  aportsPath: '/src/aports',
  repositories: [],
  repositoryKeys: '',
  signKey: '',
};

describe('apkbuild task definitions, without VS Code', () => {
  it('runs the rebuild CLI with one argument per value, a path with spaces kept whole', () => {
    expect(rebuildArgs('/work/my aports/main/lighttpd/APKBUILD', 'both', settings)).toEqual([
      'rebuild',
      '/work/my aports/main/lighttpd/APKBUILD',
      '--variant',
      'both',
      '--engine',
      'podman',
      '--image=alpine:3.24',
      '--profile',
      'kubernetes',
    ]);
    expect(rebuildArgs('APKBUILD', 'hardened', { ...settings, profile: '' })).not.toContain(
      '--profile',
    );
    // Outside git, the text kept from when the editor opened the file is the original.
    expect(rebuildArgs('APKBUILD', 'both', settings, '/store/opened/ab12/APKBUILD')).toEqual([
      ...['rebuild', 'APKBUILD', '--variant', 'both', '--engine', 'podman'],
      ...['--image=alpine:3.24', '--original', '/store/opened/ab12/APKBUILD'],
      ...['--profile', 'kubernetes'],
    ]);
  });

  it('passes the repositories, keys and signing key settings to rebuild, each as one argument', () => {
    const withRepositories: TaskSettings = {
      ...settings,
      repositories: ['https://mirror.invalid/alpine/v3.19/main', '/srv/mirror/main'],
      repositoryKeys: '/srv/mirror/keys',
      signKey: '/home/u/.abuild/me.rsa',
    };
    expect(rebuildArgs('APKBUILD', 'both', withRepositories).slice(-4)).toEqual([
      '--repository=https://mirror.invalid/alpine/v3.19/main',
      '--repository=/srv/mirror/main',
      '--keys=/srv/mirror/keys',
      '--sign-key=/home/u/.abuild/me.rsa',
    ]);
    expect(settingPath('mirror/main', '/work/ws')).toBe('/work/ws/mirror/main');
    expect(settingPath('https://mirror.invalid/main', '/work/ws')).toBe(
      'https://mirror.invalid/main',
    );
    expect(settingPath('/srv/keys', '/work/ws')).toBe('/srv/keys');
  });

  it('compares the two variant folders of the rebuild output, with every index and the tree', () => {
    expect(compareArgs('/cache/rebuild/lighttpd', 'json', settings)).toEqual([
      'compare',
      '/cache/rebuild/lighttpd/original',
      '/cache/rebuild/lighttpd/hardened',
      '--format',
      'json',
      '--index',
      '/idx/main/APKINDEX.tar.gz',
      '--index',
      '/idx/community/APKINDEX.tar.gz',
      '--aports',
      '/src/aports',
      '--profile',
      'kubernetes',
    ]);
    expect(
      compareArgs('/d', 'markdown', { ...settings, apkindex: [], aportsPath: '', profile: '' }),
    ).toEqual(['compare', '/d/original', '/d/hardened', '--format', 'markdown']);
    expect(
      compareArgs('/d', 'text', { ...settings, apkindex: [], sbom: ['/img/bom.cdx.json'] }),
    ).toEqual(expect.arrayContaining(['--sbom', '/img/bom.cdx.json']));
  });

  it('finds the rebuild output where the CLI writes it by default', () => {
    expect(defaultRebuildDir('lighttpd', { XDG_CACHE_HOME: '/xdg' }, '/home/u')).toBe(
      '/xdg/apkbuild-hardening/rebuild/lighttpd',
    );
    expect(defaultRebuildDir('lighttpd', { XDG_CACHE_HOME: '' }, '/home/u')).toBe(
      '/home/u/.cache/apkbuild-hardening/rebuild/lighttpd',
    );
    expect(defaultRebuildDir('lighttpd', {}, '/home/u')).toBe(
      '/home/u/.cache/apkbuild-hardening/rebuild/lighttpd',
    );
  });

  it('names the provided tasks as agreed with the e2e tests', () => {
    expect(taskName('rebuild', 'lighttpd')).toBe('rebuild lighttpd (original and hardened)');
    expect(taskName('rebuild', 'lighttpd', 'hardened')).toBe('rebuild lighttpd (hardened)');
    expect(taskName('compare', 'lighttpd')).toBe('compare lighttpd');
  });

  it('says what is wrong with a hand-written definition', () => {
    expect(definitionProblem({ type: 'apkbuild', task: 'rebuild', file: 'main/x' })).toBeNull();
    expect(definitionProblem({ type: 'apkbuild', task: 'build', file: 'x' })).toBe(
      '"task" must be one of rebuild, compare',
    );
    expect(definitionProblem({ type: 'apkbuild', task: 'compare', file: ' ' })).toBe(
      '"file" must name an APKBUILD',
    );
    expect(
      definitionProblem({ type: 'apkbuild', task: 'rebuild', file: 'x', variant: 'all' }),
    ).toBe('"variant" must be one of original, hardened, both');
  });
});
