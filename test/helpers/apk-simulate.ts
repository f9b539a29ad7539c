import { offlineRun } from './alpine-image';
import { join } from 'node:path';
import { sharedRoot } from './paths';

/**
 * Real apk-tools as the oracle of an install closure: `apk add --simulate` in the real Alpine
 * image, against one shared APKINDEX mounted read-only as a local repository, from an empty
 * root (so nothing the image has installed shortens the answer). All packages of one index run
 * in one container; each prints a delimited block.
 */

/** An APKINDEX.tar.gz mounted as `/repo/<release>/main/<arch>/APKINDEX.tar.gz`. */
export interface ApkRepository {
  file: string;
  /** The release in the repository path (`/repo/v3.19.0/main`). */
  release: string;
  arch: 'x86_64' | 'x86';
  /**
   * Only for an index a test made (unsigned): apk then reads it with --allow-untrusted. The
   * shared indexes are signed by keys the image has and are always verified.
   */
  madeByTest?: boolean;
}

export interface SharedIndex extends ApkRepository {
  /** The folder under ../shared/apkindex. */
  folder: string;
}

const shared = (folder: string, release: string, arch: 'x86_64' | 'x86'): SharedIndex => ({
  folder,
  release,
  arch,
  file: join(sharedRoot, 'apkindex', folder, 'APKINDEX.tar.gz'),
});

export const SHARED_INDEXES: SharedIndex[] = [
  shared('v3.19.0-main-x86_64', 'v3.19.0', 'x86_64'),
  shared('v3.14.0-main-x86_64', 'v3.14.0', 'x86_64'),
  shared('v3.12.12-main-x86', 'v3.12.12', 'x86'),
];

/** What `apk add --simulate TARGETS` answered. */
export interface SimulatedAdd {
  /** The targets, space-separated as given (`lighttpd`, `openrc lighttpd=1.4.73-r0`). */
  name: string;
  /** apk's exit status: 0 when it found a solution. */
  status: number;
  /** `(3/16) Installing name (version)` lines: name -> version. */
  installs: Map<string, string>;
  /** Every other line (errors, warnings). */
  otherLines: string[];
}

export interface SimulatedIndex {
  /** What `apk update` printed for the repository: its DESCRIPTION and package count. */
  update: string[];
  adds: SimulatedAdd[];
}

const BLOCK = '@@@apk-simulate';

/*
 * apk-tools 2.14 (src/apk.c, src/database.c): --root is the empty root, made by `add --initdb`
 * with no packages (simulate alone never creates the database); --arch there is written to
 * ROOT/etc/apk/arch, so the x86 index is read as x86; --keys-dir and --repositories-file are
 * absolute, so they are opened in the image, not in ROOT. The shared indexes are all signed by
 * keys the 3.19.4 image ships (4a6a0840 for v3.14.0 and v3.12.12 x86, 6165ee59 for v3.19.0),
 * so they get no --allow-untrusted: an index apk cannot verify is left out, and the `apk
 * update` lines (DESCRIPTION, package count) the caller checks would show it.
 */
const SCRIPT = `set -uf
arch=$1; trust=$2; shift 2
echo "$REPOSITORY" > /tmp/repositories
apk_root() { apk --root /tmp/root --keys-dir /etc/apk/keys --repositories-file /tmp/repositories --no-network $trust "$@"; }
apk_root --initdb --arch "$arch" add >/dev/null || exit 90
echo "${BLOCK} update"
apk_root update 2>&1
for name in "$@"; do
  echo "${BLOCK} add $name"
  apk_root add --simulate --no-progress $name 2>&1
  echo "${BLOCK} status $?"
done
`;

const INSTALLING = /^\(\d+\/\d+\) Installing (\S+) \((\S+)\)$/;

/** Parses the script's output into blocks; throws when a block is cut short. */
export function parseSimulateOutput(stdout: string): SimulatedIndex {
  const result: SimulatedIndex = { update: [], adds: [] };
  let current: SimulatedAdd | undefined;
  let inUpdate = false;
  for (const line of stdout.split('\n')) {
    if (line.startsWith(`${BLOCK} `)) {
      const [kind, value] = [line.split(' ')[1], line.split(' ').slice(2).join(' ')];
      inUpdate = kind === 'update';
      if (kind === 'add') {
        current = { name: value, status: -1, installs: new Map(), otherLines: [] };
        result.adds.push(current);
      } else if (kind === 'status' && current) {
        current.status = Number(value);
        current = undefined;
      }
      continue;
    }
    if (inUpdate) {
      if (line !== '') result.update.push(line);
      continue;
    }
    if (!current || line === '') continue;
    const installing = INSTALLING.exec(line);
    if (installing) current.installs.set(installing[1], installing[2]);
    else current.otherLines.push(line);
  }
  const cut = result.adds.find((add) => add.status < 0);
  if (cut) throw new Error(`apk add --simulate ${cut.name}: no status line (output cut short)`);
  return result;
}

/**
 * Runs `apk add --simulate` for each entry of `names` (one or more space-separated targets),
 * from an empty root, in one container.
 */
export function simulateAdds(
  env: NodeJS.ProcessEnv,
  image: string,
  index: ApkRepository,
  names: string[],
): SimulatedIndex {
  const repository = `/repo/${index.release}/main`;
  const mounted = `${repository}/${index.arch}/APKINDEX.tar.gz`;
  const run = offlineRun(
    env,
    image,
    [
      'sh',
      '-c',
      SCRIPT,
      'sh',
      index.arch,
      index.madeByTest === true ? '--allow-untrusted' : '',
      ...names,
    ],
    { mounts: { [mounted]: index.file }, vars: { REPOSITORY: repository }, timeout: 600_000 },
  );
  if (run.error) throw run.error;
  if (run.status !== 0)
    throw new Error(
      `apk in ${image} with ${index.file}: exit ${String(run.status)}: ${run.stderr.trim()}`,
    );
  return parseSimulateOutput(run.stdout);
}
