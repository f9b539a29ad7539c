import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { afterAll } from 'vitest';

/** The writers started by this test file, stopped when its tests are done. */
const writers: ChildProcess[] = [];

afterAll(() => {
  for (const writer of writers.splice(0)) writer.kill();
});

/**
 * Makes a FIFO at `path`. A reader that blocks on it would hang the test run for good (a
 * blocked synchronous read stops the event loop, and with it vitest's own timeout), so a
 * writer opens it after `unblockAfterSeconds` and closes it at once: such a reader then gets
 * an empty file, and the test fails on what it read instead of never ending. The writer
 * itself (blocked in its open when nobody reads) ends a minute later, even if never stopped.
 */
export function makeFifo(path: string, unblockAfterSeconds = 20): string {
  execFileSync('mkfifo', [path]);
  const script = `sleep ${unblockAfterSeconds}; exec 3>"$1"`;
  const life = String(unblockAfterSeconds + 60);
  const writer = spawn('timeout', [life, 'sh', '-c', script, 'sh', path], { stdio: 'ignore' });
  writers.push(writer);
  return path;
}
