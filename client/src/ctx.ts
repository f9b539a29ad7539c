import type { Disposable, ExtensionContext, LogOutputChannel } from 'vscode';
import { window } from 'vscode';
import type { LanguageClientOptions, ServerOptions } from 'vscode-languageclient/node';
import { LanguageClient, TransportKind } from 'vscode-languageclient/node';
import type { RequestDefinition } from '../../server/src/protocol';

/** The client id; VS Code reads the `apkbuild.trace.server` setting through it. */
const CLIENT_ID = 'apkbuild';
const CLIENT_NAME = 'APKBUILD Language Server';

/**
 * Everything the extension owns while it is active: the language client, the output channel
 * and the disposables created alongside them. Commands, views and providers register here,
 * so none of them can outlive the client they talk to.
 */
export class Ctx {
  private readonly disposables: Disposable[] = [];

  private constructor(
    readonly extension: ExtensionContext,
    readonly client: LanguageClient,
    readonly output: LogOutputChannel,
  ) {
    this.disposables.push(output);
  }

  static create(extension: ExtensionContext): Ctx {
    const output = window.createOutputChannel('APKBUILD', { log: true });
    return new Ctx(extension, createClient(extension, output), output);
  }

  /** The bundled `apkharden` CLI, run with VS Code's own Node runtime. */
  get cliPath(): string {
    return this.extension.asAbsolutePath('server/out/cli.js');
  }

  /** A file of the extension, e.g. `media/compare-view.js`. */
  asAbsolutePath(relative: string): string {
    return this.extension.asAbsolutePath(relative);
  }

  push(disposable: Disposable): void {
    this.disposables.push(disposable);
  }

  /** Sends one of the custom requests of server/src/protocol.ts, typed by its definition. */
  request<P, R>(definition: RequestDefinition<P, R>, params: P): Promise<R> {
    return this.client.sendRequest<R>(definition.method, params);
  }

  async dispose(): Promise<void> {
    try {
      if (this.client.needsStop()) {
        await this.client.stop();
      }
    } finally {
      for (const disposable of this.disposables.splice(0).reverse()) {
        disposable.dispose();
      }
    }
  }
}

function createClient(context: ExtensionContext, output: LogOutputChannel): LanguageClient {
  const serverModule = context.asAbsolutePath('server/out/server.js');
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: {
      module: serverModule,
      transport: TransportKind.ipc,
      options: { execArgv: ['--nolazy', '--inspect=6009'] },
    },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ language: 'apkbuild' }],
    synchronize: { configurationSection: 'apkbuild' },
    outputChannel: output,
  };
  return new LanguageClient(CLIENT_ID, CLIENT_NAME, serverOptions, clientOptions);
}
