import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';

/**
 * The podman set-up of the rebuild tests. The product's runner passes podman no
 * machine-specific flags; what this sandbox needs (DESIGN.md §8: runc, cgroupfs, file events,
 * ulimits podman can raise inside a container here) goes into a containers.conf that only the
 * tests' podman reads, through CONTAINERS_CONF. Images and containers live in a storage of
 * their own (CONTAINERS_STORAGE_CONF), so the tests never touch the user's podman images.
 */

/** Programs the podman tests need besides Node (`.ci/run` installs them). */
const PODMAN_TOOLS = ['podman', 'runc', 'gcc', 'readelf'];
const BUSYBOX = '/bin/busybox';

/** Why the podman tests cannot run here, or undefined; in CI a missing tool is an error. */
export function missingPodmanTools(): string | undefined {
  const path = (process.env.PATH ?? '').split(delimiter).filter((dir) => dir !== '');
  const found = (tool: string): boolean =>
    path.some((dir) => existsSync(join(dir, tool))) ||
    // runc is in /usr/sbin, which a user's PATH may lack; podman looks there by itself.
    existsSync(join('/usr/sbin', tool));
  const missing = PODMAN_TOOLS.filter((tool) => !found(tool));
  if (!existsSync(BUSYBOX)) missing.push(`${BUSYBOX} (busybox-static)`);
  if (missing.length === 0) return undefined;
  const reason = `missing ${missing.join(', ')}: install podman busybox-static gcc binutils as .ci/run does`;
  if (process.env.CI) throw new Error(`podman tests: ${reason}`);
  return reason;
}

/** Kept between runs, like the docker daemon's images: the stand-in is imported once. */
export const podmanTestRoot = join(tmpdir(), 'apkbuild-hardening-podman');

const CONTAINERS_CONF = `# Written by test/helpers/podman-env.ts for the rebuild tests only.
[containers]
default_ulimits = ["nofile=1024:1024", "nproc=1024:1024"]

[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
events_logger = "file"
events_logfile_path = "${podmanTestRoot}/events.log"
`;

// vfs: the stand-in image is 2 MB, and vfs works on any file system, nested or not.
const STORAGE_CONF = `# Written by test/helpers/podman-env.ts for the rebuild tests only.
[storage]
driver = "vfs"
graphroot = "${podmanTestRoot}/storage"
runroot = "${podmanTestRoot}/run"
`;

/** The environment for podman calls of the tests: the configuration above, written first. */
export function podmanEnv(): NodeJS.ProcessEnv {
  mkdirSync(podmanTestRoot, { recursive: true });
  const containersConf = join(podmanTestRoot, 'containers.conf');
  const storageConf = join(podmanTestRoot, 'storage.conf');
  writeFileSync(containersConf, CONTAINERS_CONF);
  writeFileSync(storageConf, STORAGE_CONF);
  return {
    ...process.env,
    CONTAINERS_CONF: containersConf,
    CONTAINERS_STORAGE_CONF: storageConf,
  };
}
