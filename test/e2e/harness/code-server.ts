import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { execa, type ResultPromise } from 'execa';

/**
 * User settings of the test profile: no trust prompt, no welcome page, nothing phoned home, and
 * no sticky scroll (its header lines sit over the light bulb of a line just scrolled to).
 */
const SETTINGS = {
  'editor.stickyScroll.enabled': false,
  'security.workspace.trust.enabled': false,
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'update.mode': 'none',
};

/** A port nobody listens on now (the system picks it). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address
          ? resolve(address.port)
          : reject(new Error('no port')),
      );
    });
  });
}

/**
 * code-server (real VS Code, served to a browser) with its own user data, extensions and config
 * under one temporary folder, the packaged extension installed, on a free local port.
 */
export class CodeServer {
  private output = '';

  private constructor(
    private readonly process: ResultPromise,
    readonly url: string,
    /** VS Code's logs: `<date>/exthost*` holds the extension host's. */
    readonly logsDir: string,
  ) {
    process.all?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
  }

  static async start(program: string, vsix: string, dir: string): Promise<CodeServer> {
    const userData = join(dir, 'user-data');
    mkdirSync(join(userData, 'User'), { recursive: true });
    writeFileSync(join(userData, 'User', 'settings.json'), JSON.stringify(SETTINGS, null, 2));
    const common = [
      ...['--config', join(dir, 'config.yaml')],
      ...['--user-data-dir', userData],
      ...['--extensions-dir', join(dir, 'extensions')],
    ];
    const install = await execa(program, [...common, '--install-extension', vsix], {
      reject: false,
      all: true,
    });
    if (install.exitCode !== 0 || !/successfully installed/.test(install.all ?? ''))
      throw new Error(`code-server could not install ${vsix}:\n${install.all}`);

    const port = await freePort();
    const args = [...common, '--auth', 'none', '--disable-telemetry', '--disable-update-check'];
    const child = execa(program, [...args, '--bind-addr', `127.0.0.1:${port}`], {
      reject: false,
      all: true,
    });
    const server = new CodeServer(child, `http://127.0.0.1:${port}`, join(userData, 'logs'));
    await server.listening();
    return server;
  }

  /** Resolves once code-server says it listens; rejects with its output if it exits first. */
  private listening(): Promise<void> {
    return new Promise((resolve, reject) => {
      const check = (): void => {
        if (/HTTP server listening on/.test(this.output)) resolve();
      };
      this.process.all?.on('data', check);
      void this.process.then((result) =>
        reject(
          new Error(`code-server exited (${result.exitCode}) before listening:\n${this.output}`),
        ),
      );
      check();
    });
  }

  /** The URL that opens `folder` as the workspace. */
  folderUrl(folder: string): string {
    return `${this.url}/?folder=${encodeURIComponent(folder)}`;
  }

  async stop(): Promise<void> {
    this.process.kill('SIGTERM');
    await this.process;
  }
}
