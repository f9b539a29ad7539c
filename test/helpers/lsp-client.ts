import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import type { ConfigurationItem, ConfigurationParams } from 'vscode-languageserver';
import { serverBundle } from './bundles';
import { repoRoot } from './paths';

/** A predicate that throws (say, on params of an unexpected shape) does not match. */
function matches(predicate: (params: unknown) => boolean, params: unknown): boolean {
  try {
    return predicate(params);
  } catch {
    return false;
  }
}

interface Message {
  jsonrpc: '2.0';
  id?: number | string | null;
  method?: string;
  params?: unknown;
  result?: unknown;
  error?: { code: number; message: string; data?: unknown };
}

/** A message the server sent on its own: a notification, or a request (which has an id). */
export interface Received {
  method: string;
  params: unknown;
  request: boolean;
}

interface Waiter {
  method: string;
  request: boolean;
  predicate: (params: unknown) => boolean;
  resolve: (params: unknown) => void;
  reject: (error: Error) => void;
}

/** A diagnostic's message as text (LSP 3.18 allows markup there). */
export function messageOf(d: { message: string | { value: string } }): string {
  return typeof d.message === 'string' ? d.message : d.message.value;
}

/** A diagnostic's related information, one message a line (its evidence, see finding-evidence.ts). */
export function relatedOf(d: { relatedInformation?: { message: string }[] }): string {
  return (d.relatedInformation ?? []).map((r) => r.message).join('\n');
}

export interface LspClientOptions {
  /** The answer for one item of a `workspace/configuration` request; null by default. */
  configuration?: (item: ConfigurationItem) => unknown;
  /** The server's command-line arguments; `--stdio` by default. */
  args?: string[];
}

/** A small LSP client over the server's real stdio, with hand-written Content-Length framing. */
export class LspClient {
  /** Every notification and request the server sent, in order of arrival. */
  readonly received: Received[] = [];
  private readonly unclaimed: Received[] = [];
  private readonly waiters = new Set<Waiter>();
  private readonly pending = new Map<
    number,
    { resolve: (r: unknown) => void; reject: (e: Error) => void }
  >();
  private readonly process: ChildProcessWithoutNullStreams;
  private readonly exited: Promise<number | null>;
  private buffer = Buffer.alloc(0);
  private nextId = 1;
  private exitCode: number | null | undefined;
  private stderrText = '';

  constructor(private readonly options: LspClientOptions = {}) {
    this.process = spawn(process.execPath, [serverBundle, ...(options.args ?? ['--stdio'])], {
      cwd: repoRoot,
      stdio: 'pipe',
    });
    this.process.stdout.on('data', (chunk: Buffer) => this.onData(chunk));
    this.process.stderr.on('data', (chunk: Buffer) => (this.stderrText += chunk.toString()));
    this.process.stdin.on('error', () => {}); // reported through the exit below
    this.exited = new Promise((resolve) => {
      this.process.on('close', (code) => {
        this.exitCode = code;
        const error = new Error(`the server exited (code ${code}) ${this.describe()}`);
        for (const p of this.pending.values()) p.reject(error);
        this.pending.clear();
        for (const w of this.waiters) w.reject(error);
        this.waiters.clear();
        resolve(code);
      });
    });
  }

  /** The server's process id (benchmarks read its peak memory from /proc). */
  get pid(): number | undefined {
    return this.process.pid;
  }

  /** Sends a request and resolves with its result; rejects on an error response or timeout. */
  request<R>(method: string, params: unknown, timeoutMs = 10_000): Promise<R> {
    if (this.exitCode !== undefined)
      return Promise.reject(
        new Error(`cannot send ${method}: the server exited ${this.describe()}`),
      );
    const id = this.nextId++;
    return this.withTimeout(
      new Promise<unknown>((resolve, reject) => {
        this.pending.set(id, { resolve, reject });
        this.send({ jsonrpc: '2.0', id, method, params });
      }),
      timeoutMs,
      `the response to ${method}`,
      () => this.pending.delete(id),
    ) as Promise<R>;
  }

  notify(method: string, params: unknown): void {
    this.send({ jsonrpc: '2.0', method, params });
  }

  /**
   * Resolves with the params of the first notification of `method` that satisfies `predicate`
   * and was not claimed by an earlier wait, including ones that arrived before this call.
   */
  waitForNotification<P>(
    method: string,
    predicate: (params: P) => boolean = () => true,
    timeoutMs = 10_000,
  ): Promise<P> {
    return this.waitFor(method, false, predicate, timeoutMs);
  }

  /** Like waitForNotification, for requests the server sent to the client (already answered). */
  waitForServerRequest<P>(
    method: string,
    predicate: (params: P) => boolean = () => true,
    timeoutMs = 10_000,
  ): Promise<P> {
    return this.waitFor(method, true, predicate, timeoutMs);
  }

  /** Resolves with the exit code once the server process ends. */
  waitForExit(timeoutMs = 10_000): Promise<number | null> {
    return this.withTimeout(this.exited, timeoutMs, 'the server to exit');
  }

  /** Kills the server if it still runs. */
  async close(): Promise<void> {
    if (this.exitCode === undefined) {
      this.process.kill();
      await this.exited;
    }
  }

  private waitFor<P>(
    method: string,
    request: boolean,
    predicate: (params: P) => boolean,
    timeoutMs: number,
  ): Promise<P> {
    const test = predicate as (params: unknown) => boolean;
    const index = this.unclaimed.findIndex(
      (m) => m.method === method && m.request === request && matches(test, m.params),
    );
    if (index >= 0) return Promise.resolve(this.unclaimed.splice(index, 1)[0].params as P);
    if (this.exitCode !== undefined)
      return Promise.reject(new Error(`the server already exited ${this.describe()}`));
    let waiter: Waiter | undefined;
    const waiting = new Promise<unknown>((resolve, reject) => {
      waiter = { method, request, predicate: test, resolve, reject };
      this.waiters.add(waiter);
    });
    const what = `${request ? 'request' : 'notification'} ${method} matching ${predicate.toString()}`;
    return this.withTimeout(waiting, timeoutMs, what, () =>
      this.waiters.delete(waiter!),
    ) as Promise<P>;
  }

  private withTimeout<T>(
    promise: Promise<T>,
    timeoutMs: number,
    what: string,
    onTimeout?: () => void,
  ): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        onTimeout?.();
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what} ${this.describe()}`));
      }, timeoutMs);
      promise.then(
        (value) => {
          clearTimeout(timer);
          resolve(value);
        },
        (error: Error) => {
          clearTimeout(timer);
          reject(error);
        },
      );
    });
  }

  /** What the server sent lately and wrote on stderr, for failure messages. */
  private describe(): string {
    const recent = this.received
      .slice(-8)
      .map((m) => `  ${m.method} ${JSON.stringify(m.params).slice(0, 300)}`)
      .join('\n');
    return `\nlast messages from the server:\n${recent || '  (none)'}\nserver stderr:\n${this.stderrText || '  (empty)'}`;
  }

  private send(message: Message): void {
    const body = Buffer.from(JSON.stringify(message), 'utf8');
    this.process.stdin.write(`Content-Length: ${body.length}\r\n\r\n`);
    this.process.stdin.write(body);
  }

  private onData(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const headerEnd = this.buffer.indexOf('\r\n\r\n');
      if (headerEnd < 0) return;
      const header = this.buffer.subarray(0, headerEnd).toString('ascii');
      const length = /^Content-Length: *(\d+)$/im.exec(header);
      if (!length) throw new Error(`LSP header without Content-Length: ${header}`);
      const start = headerEnd + 4;
      const end = start + Number(length[1]);
      if (this.buffer.length < end) return;
      const message = JSON.parse(this.buffer.subarray(start, end).toString('utf8')) as Message;
      this.buffer = this.buffer.subarray(end);
      this.dispatch(message);
    }
  }

  private dispatch(message: Message): void {
    if (message.method === undefined) {
      const pending = this.pending.get(message.id as number);
      if (!pending) return;
      this.pending.delete(message.id as number);
      if (message.error)
        pending.reject(new Error(`${message.error.code}: ${message.error.message}`));
      else pending.resolve(message.result);
      return;
    }
    const request = message.id !== undefined && message.id !== null;
    if (request) this.answer(message);
    const received: Received = { method: message.method, params: message.params, request };
    this.received.push(received);
    for (const waiter of this.waiters) {
      if (waiter.method === received.method && waiter.request === request) {
        if (matches(waiter.predicate, received.params)) {
          this.waiters.delete(waiter);
          waiter.resolve(received.params);
          return;
        }
      }
    }
    this.unclaimed.push(received);
  }

  private answer(message: Message): void {
    const reply = (result: unknown) => this.send({ jsonrpc: '2.0', id: message.id, result });
    switch (message.method) {
      case 'workspace/configuration': {
        const { items } = message.params as ConfigurationParams;
        const configuration = this.options.configuration ?? (() => null);
        reply(items.map((item) => configuration(item) ?? null));
        return;
      }
      case 'client/registerCapability':
      case 'client/unregisterCapability':
      case 'window/workDoneProgress/create':
        reply(null);
        return;
      default:
        this.send({
          jsonrpc: '2.0',
          id: message.id,
          error: { code: -32601, message: `unhandled method ${message.method}` },
        });
    }
  }
}

/**
 * A server started and initialized as VS Code would, pulling its `apkbuild` settings from
 * `settings` (called on each workspace/configuration request, so a test can change them).
 */
export async function initializedClient(
  settings: () => Record<string, unknown>,
): Promise<LspClient> {
  const client = new LspClient({
    configuration: (item) => (item.section === 'apkbuild' ? settings() : null),
  });
  await client.request('initialize', {
    processId: process.pid,
    rootUri: null,
    capabilities: { workspace: { configuration: true } },
  });
  client.notify('initialized', {});
  return client;
}
