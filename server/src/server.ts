import {
  CodeActionKind,
  CodeLensRefreshRequest,
  createConnection,
  DidChangeWatchedFilesNotification,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import {
  codeActions,
  FIX_ALL_KIND,
  LINT_FIX_ALL_KIND,
  REMOVE_ALL_KIND,
} from './features/code-actions';
import { codeLenses } from './features/code-lens';
import { DiskAnalyses } from './disk-analyses';
import { completionsFor, definitionWithPackages } from './features/packages';
import { desiredSbom, resolve } from './features/resolve';
import { documentSymbols } from './features/document-symbols';
import { exportCycloneDx, exportSbom } from './features/export-cyclonedx';
import { hoverAt } from './features/hover';
import { fileStatus, status } from './features/status';
import { PROFILE_FILE_NAME } from './hardening';
import {
  DesiredSbomRequest,
  ExportCycloneDxRequest,
  ExportSbomRequest,
  FileStatusRequest,
  ResolveRequest,
  type FileStatusParams,
  StatusRequest,
} from './protocol';
import { Workspace } from './workspace';

// Wiring only: each LSP feature lives in features/, the analysis in apkbuild/ and hardening/.
const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
const workspace = new Workspace(connection, documents);
let watchProfilesDynamically = false;
/** The client shows a code action it cannot apply, with the reason (LSP 3.16 `disabled`). */
let showsDisabledActions = false;
/** The client asks for code lenses again when told (LSP 3.16 workspace/codeLens/refresh). */
let refreshesCodeLenses = false;
const diskAnalyses = new DiskAnalyses({
  analyses: workspace.analyses,
  openAnalysis: (uri) => workspace.analysis(uri),
  isOpen: (uri) => documents.get(uri) !== undefined,
  settings: (uri) => workspace.settings.get(uri),
});
workspace.onRefresh = () => {
  diskAnalyses.invalidate();
  // The lenses follow a new profile, index or tree; a client that fails the request keeps its.
  if (refreshesCodeLenses) connection.sendRequest(CodeLensRefreshRequest.type).catch(() => {});
};

connection.onInitialize((params) => {
  workspace.clientPullsConfiguration = params.capabilities.workspace?.configuration === true;
  workspace.clientShowsDocuments = params.capabilities.window?.showDocument?.support === true;
  workspace.progress.supported = params.capabilities.window?.workDoneProgress === true;
  watchProfilesDynamically =
    params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
  showsDisabledActions = params.capabilities.textDocument?.codeAction?.disabledSupport === true;
  refreshesCodeLenses = params.capabilities.workspace?.codeLens?.refreshSupport === true;
  return {
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      documentSymbolProvider: true,
      definitionProvider: true,
      completionProvider: { triggerCharacters: ['$', '{', '"', ' '] },
      hoverProvider: true,
      codeLensProvider: { resolveProvider: false },
      codeActionProvider: {
        codeActionKinds: [
          CodeActionKind.QuickFix,
          FIX_ALL_KIND,
          REMOVE_ALL_KIND,
          LINT_FIX_ALL_KIND,
        ],
      },
    },
    serverInfo: { name: 'apkbuild-language-server', version: '0.1.0' },
  };
});
connection.onInitialized(() => {
  if (watchProfilesDynamically)
    void connection.client.register(DidChangeWatchedFilesNotification.type, {
      watchers: [{ globPattern: `**/${PROFILE_FILE_NAME}` }, { globPattern: '**/APKBUILD' }],
    });
});

connection.onDocumentSymbol(workspace.onModel(documentSymbols));
connection.onDefinition(workspace.onAnalysis(definitionWithPackages));
connection.onCompletion(workspace.onAnalysis(completionsFor));
connection.onHover(workspace.onAnalysis(hoverAt));
connection.onCodeAction(
  workspace.onAnalysis((doc, params) => codeActions(doc, params, showsDisabledActions)),
);
connection.onRequest(ResolveRequest.method, workspace.onAnalysis(resolve));
connection.onRequest(DesiredSbomRequest.method, workspace.onAnalysis(desiredSbom));
connection.onRequest(ExportCycloneDxRequest.method, workspace.onAnalysis(exportCycloneDx));
connection.onRequest(ExportSbomRequest.method, workspace.onAnalysis(exportSbom));
connection.onRequest(StatusRequest.method, workspace.onAnalysis(status));
connection.onCodeLens(workspace.onAnalysis(codeLenses));
connection.onRequest(FileStatusRequest.method, (params: FileStatusParams) =>
  fileStatus(diskAnalyses, params),
);

documents.onDidChangeContent((event) => void workspace.changed(event.document));
documents.onDidClose((event) => workspace.closed(event.document.uri));
connection.onDidChangeConfiguration(() => workspace.refreshAll({ settings: true }));
connection.onDidChangeWatchedFiles((params) =>
  workspace.filesChanged(params.changes.map((c) => c.uri)),
);
connection.onShutdown(() => workspace.dispose());
// A failed notification to the client must not take the server down with it.
process.on('unhandledRejection', (reason) =>
  connection.console.error(`unhandled: ${String(reason)}`),
);

documents.listen(connection);
connection.listen();
