import type { Disposable, ExtensionContext, LogOutputChannel } from 'vscode';
import { window } from 'vscode';
import type { LanguageClientOptions, ServerOptions } from 'vscode-languageclient/node';
import { LanguageClient, TransportKind } from 'vscode-languageclient/node';

/** The client id; VS Code reads the `apkbuild.trace.server` setting through it. */
const CLIENT_ID = 'apkbuild';
const CLIENT_NAME = 'APKBUILD Language Server';

/**
 * Everything the extension owns while it is active: the language client and the disposables
 * created alongside it. Commands, views and providers added later register here, so none of
 * them can outlive the client they talk to.
 */
class Ctx {
  private readonly disposables: Disposable[] = [];

  private constructor(
    readonly client: LanguageClient,
    readonly output: LogOutputChannel,
  ) {
    this.disposables.push(output);
  }

  static create(context: ExtensionContext): Ctx {
    const output = window.createOutputChannel('APKBUILD', { log: true });
    return new Ctx(createClient(context, output), output);
  }

  push(disposable: Disposable): void {
    this.disposables.push(disposable);
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

/** VS Code calls `deactivate` without arguments, so the running context is kept here. */
const session: { ctx: Ctx | undefined } = { ctx: undefined };

export async function activate(context: ExtensionContext): Promise<void> {
  // Kept before starting, so that a failed start still leaves its output channel to read
  // and is cleaned up by `deactivate`.
  const ctx = Ctx.create(context);
  session.ctx = ctx;
  await ctx.client.start();
}

export async function deactivate(): Promise<void> {
  const ctx = session.ctx;
  session.ctx = undefined;
  await ctx?.dispose();
}
