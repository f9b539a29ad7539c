import {
  createConnection,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { syntaxDiagnostics } from './features/diagnostics';
import { ModelCache } from './model-cache';
import { SettingsStore } from './settings';

// Wiring only: each LSP feature lives in features/, the analysis in apkbuild/.
const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
const models = new ModelCache();
let clientPullsConfiguration = false;
const settings = new SettingsStore(connection, () => clientPullsConfiguration);

connection.onInitialize((params) => {
  clientPullsConfiguration = params.capabilities.workspace?.configuration === true;
  return {
    capabilities: { textDocumentSync: TextDocumentSyncKind.Incremental },
    serverInfo: { name: 'apkbuild-language-server', version: '0.1.0' },
  };
});

async function validate(document: TextDocument): Promise<void> {
  const { carch } = await settings.get(document.uri);
  const current = documents.get(document.uri);
  if (!current || current.version !== document.version) return; // superseded while settings loaded
  const model = models.get(document.uri, document.version, () => document.getText(), carch);
  await connection.sendDiagnostics({
    uri: document.uri,
    version: document.version,
    diagnostics: syntaxDiagnostics(model),
  });
}

documents.onDidChangeContent((event) => void validate(event.document));
documents.onDidClose((event) => {
  models.delete(event.document.uri);
  settings.clear(event.document.uri);
  void connection.sendDiagnostics({ uri: event.document.uri, diagnostics: [] });
});
connection.onDidChangeConfiguration(() => {
  settings.clear();
  for (const document of documents.all()) void validate(document);
});

documents.listen(connection);
connection.listen();
