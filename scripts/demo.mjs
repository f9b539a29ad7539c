// `npm run demo`: the main job on the bundled example. Check lighttpd's APKBUILD against the
// seed profile (lighttpd in Kubernetes), then show the hardening fix as a diff. Nothing is
// written: run `apkharden fix --write` to apply it.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'server/out/cli.js');
const apkbuild = 'examples/lighttpd/APKBUILD';
const profile = 'examples/lighttpd/seed-profile.yaml';

function run(title, args, okStatuses) {
  console.log(`\n$ apkharden ${args.join(' ')}\n# ${title}`);
  const result = spawnSync(process.execPath, [cli, ...args], { cwd: root, stdio: 'inherit' });
  if (!okStatuses.includes(result.status)) {
    console.error(`demo: apkharden ${args[0]} exited with ${result.status}`);
    process.exit(1);
  }
}

run('what the static model sees', ['parse', apkbuild], [0]);
// check exits 1 when it finds something to remove, which is the point here.
run('what the deployment does not need', ['check', '--profile', profile, apkbuild], [0, 1]);
run(
  'the hardened APKBUILD, as a diff',
  ['fix', '--variant', 'remove', '--diff', '--profile', profile, apkbuild],
  [0],
);
