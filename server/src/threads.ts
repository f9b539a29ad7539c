/**
 * Keeping the language server's thread free: where the bundled worker scripts are, and turns
 * for other work (requests) during a long job on that thread.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * A worker script of the build: beside the running bundle (server/out), or in server/out when
 * the sources run (tests import them from server/src). Null when it was not built.
 */
export function bundledWorker(name: string): string | null {
  const here = typeof __dirname === 'string' ? __dirname : process.cwd();
  const candidates = [join(here, name), resolve(here, '..', 'out', name)];
  return candidates.find((file) => existsSync(file)) ?? null;
}

/** Fewer files than this are handled on the calling thread: a worker costs more to start. */
export const WORTH_A_WORKER = 200;

/**
 * How long a job may hold the event loop before letting other work run: a request waits for
 * a few turns (its message, the settings it awaits), so each turn must be short.
 */
export const YIELD_EVERY_MS = 2;

/**
 * Immediates between a message's arrival and its handler in vscode-jsonrpc: one for its read
 * lock, one for its message queue.
 */
const IMMEDIATES_TO_A_HANDLER = 2;

/**
 * One turn of the event loop for whatever waits (messages, timers). A message read in the
 * poll phase after this starts reaches its handler IMMEDIATES_TO_A_HANDLER immediates later;
 * one more hop than that lets the handler run before the job goes on. A single immediate
 * would run ahead of it.
 */
export function nextTurn(): Promise<void> {
  return new Promise((settle) => {
    let hops = IMMEDIATES_TO_A_HANDLER + 1;
    const hop = (): void => {
      if (--hops === 0) settle();
      else setImmediate(hop);
    };
    setImmediate(hop);
  });
}

/** Turns taken only once the thread was held YIELD_EVERY_MS, so a tight loop stays cheap. */
export class Turns {
  private last = performance.now();

  async take(): Promise<void> {
    if (performance.now() - this.last <= YIELD_EVERY_MS) return;
    await nextTurn();
    this.last = performance.now();
  }
}
