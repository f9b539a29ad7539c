import {
  DiagnosticSeverity,
  MessageType,
  ShowMessageNotification,
  type Connection,
  type TextDocumentIdentifier,
  type TextDocuments,
} from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { ApkbuildModel } from './apkbuild';
import { Debouncer } from './debouncer';
import { nextTurn } from './threads';
import { fileURLToPath } from 'node:url';
import { AportsContext, type LoadedTree } from './aports-context';
import { PROFILE_FILE_NAME } from './hardening';
import { AnalysisCache, type DocumentAnalysis } from './document-analysis';
import { PackageIndexCache } from './package-index-cache';
import { ProgressReporter, type Progress } from './features/progress';
import { documentDiagnostics } from './features/diagnostics';
import { ProfileProblems } from './features/profile-problems';
import { LargeDocuments, tooLargeForRequests } from './large-document/large-documents';
import { ModelCache, startdirOf } from './model-cache';
import { ProfileCache } from './profile-cache';
import { SettingsStore } from './settings';
import type { ServerSettings } from './settings-schema';

function fileUri(path: string): string {
  return `file://${path.split('/').map(encodeURIComponent).join('/')}`;
}

/**
 * The server's state: open documents, their analyses, settings and profiles. It publishes
 * diagnostics (debounced per document; a superseded run is cancelled) and gives request
 * handlers the analysis of the document's current version.
 */
export class Workspace {
  readonly models = new ModelCache();
  readonly profiles = new ProfileCache();
  readonly trees = new AportsContext(
    (root, run) => this.loadTree(root, run),
    () => this.refreshAll({}),
    (message) => this.connection.console.warn(message),
  );
  private readonly packageIndexes = new PackageIndexCache();
  readonly analyses = new AnalysisCache(
    this.models,
    this.profiles,
    this.packageIndexes,
    this.trees,
  );
  readonly settings: SettingsStore;
  private readonly debouncer = new Debouncer();
  private readonly largeDocuments = new LargeDocuments(undefined, (message) =>
    this.connection.console.warn(message),
  );
  /** Indexes whose reading problems were already shown, so each is reported once. */
  private readonly reportedIndexes = new WeakSet<object>();
  private readonly profileProblems: ProfileProblems;
  /** Work-done progress, shown when the client said it shows them. */
  readonly progress: ProgressReporter;
  /**
   * Documents just opened whose first diagnostics are not out yet: reading the package
   * inputs for a request waits for them, so an opened file shows its findings first.
   */
  private readonly firstPublishes = new Map<string, Promise<void>>();
  /** When each open document first reached the server, for the latency lines in the log. */
  private readonly openedAt = new Map<string, { at: number; logged: Set<string> }>();
  clientPullsConfiguration = false;
  /** The client can open a document the server names (window/showDocument). */
  clientShowsDocuments = false;
  /** Called when everything is analysed again (settings, profiles, an aports tree loaded). */
  onRefresh: (() => void) | undefined;

  constructor(
    private readonly connection: Connection,
    private readonly documents: TextDocuments<TextDocument>,
  ) {
    this.settings = new SettingsStore(connection, () => this.clientPullsConfiguration);
    this.progress = new ProgressReporter(connection);
    this.profileProblems = new ProfileProblems(connection, () => this.clientShowsDocuments);
  }

  /** The analysis requests are answered from; none for a document too large for them. */
  async analysis(uri: string): Promise<DocumentAnalysis | undefined> {
    const document = this.documents.get(uri);
    if (!document || tooLargeForRequests(document.getText().length) !== null) return undefined;
    await this.loadPackages(await this.settings.get(uri));
    return this.analysisOf(uri);
  }

  /**
   * Reads the package inputs (APKINDEX, SBOM) when not read yet, with progress, after the
   * first diagnostics of the documents just opened are out.
   */
  private async loadPackages(settings: ServerSettings): Promise<void> {
    const inputs = { index: settings.apkindex, sbom: settings.sbom };
    if (this.packageIndexes.isLoaded(inputs)) return;
    await Promise.all(this.firstPublishes.values());
    let progress: Progress | null = null;
    await this.packageIndexes.load(inputs, {
      begin: async (title, message, percentage) => {
        progress = await this.progress.begin(title, message, percentage);
      },
      report: (message, percentage) => progress?.report(message, percentage),
      done: () => progress?.done(),
    });
  }

  private async analysisOf(uri: string): Promise<DocumentAnalysis | undefined> {
    const document = this.documents.get(uri);
    if (!document) return undefined;
    const settings = await this.settings.get(uri);
    const current = this.documents.get(uri);
    if (!current) return undefined;
    return this.analyses.get(uri, current.version, () => current.getText(), settings);
  }

  async model(uri: string): Promise<ApkbuildModel | undefined> {
    return (await this.analysis(uri))?.model;
  }

  /** A request handler over the document's analysis; null for a document that is not open. */
  onAnalysis<P extends { textDocument: TextDocumentIdentifier }, R>(
    run: (doc: DocumentAnalysis, params: P) => R,
  ): (params: P) => Promise<R | null> {
    return async (params) => {
      const doc = await this.analysis(params.textDocument.uri);
      return doc ? run(doc, params) : null;
    };
  }

  onModel<P extends { textDocument: TextDocumentIdentifier }, R>(
    run: (model: ApkbuildModel, params: P) => R,
  ): (params: P) => Promise<R | null> {
    return this.onAnalysis((doc, params: P) => run(doc.model, params));
  }

  /** Re-analyses after the configured quiet time; a newer change cancels a pending run. */
  async changed(document: TextDocument): Promise<void> {
    if (!this.openedAt.has(document.uri)) {
      this.openedAt.set(document.uri, { at: performance.now(), logged: new Set() });
      // Just opened: analysed at once, not after the quiet time of an edit.
      const first = this.publish(document.uri).catch(() => {});
      this.firstPublishes.set(document.uri, first);
      return first;
    }
    const { debounce } = await this.settings.get(document.uri);
    await this.debouncer.schedule(document.uri, debounce, () => this.publish(document.uri));
  }

  async publish(uri: string): Promise<void> {
    try {
      await this.publishOnce(uri);
    } finally {
      // Whatever became of it (superseded, too large, closed), nothing waits on it any more.
      this.firstPublishes.delete(uri);
    }
  }

  private async publishOnce(uri: string): Promise<void> {
    if (await this.publishLarge(uri)) return;
    // The parse, the model, its lint and the judging each in a turn of its own: requests are
    // answered in between, and a version superseded meanwhile goes no further (its successor
    // is on its way).
    const document = this.documents.get(uri);
    if (!document) return;
    const current = () => this.documents.get(uri)?.version === document.version;
    const { carch } = await this.settings.get(uri);
    this.models.parse(uri, document.version, () => document.getText());
    await nextTurn();
    if (!current()) return;
    const model = this.models.get(uri, document.version, () => document.getText(), carch);
    await nextTurn();
    if (!current()) return;
    this.analyses.lint(model);
    await nextTurn();
    if (!current()) return;
    if (!(await this.publishBeforeIndex(uri, document))) return;
    const doc = await this.analysisOf(uri);
    if (!doc || this.documents.get(uri)?.version !== doc.version) return;
    await this.connection.sendDiagnostics({
      uri,
      version: doc.version,
      diagnostics: documentDiagnostics(doc),
    });
    this.logLatency(uri, doc.packageIndex ? 'diagnostics with the package index' : 'diagnostics');
    this.reportIndexProblems(doc);
    if (doc.profile.file !== null)
      await this.profileProblems.report(doc.profile, fileUri(doc.profile.file));
  }

  /**
   * With package inputs not read yet, the findings that need none (syntax, lint, hardening
   * without closure impact) are published first; then the inputs are read, with progress, and
   * `publish` goes on to the whole analysis. False when the version was superseded meanwhile.
   */
  private async publishBeforeIndex(uri: string, document: TextDocument): Promise<boolean> {
    const settings = await this.settings.get(uri);
    const inputs = { index: settings.apkindex, sbom: settings.sbom };
    if (this.packageIndexes.isLoaded(inputs)) return true;
    const current = () => this.documents.get(uri)?.version === document.version;
    if (!current()) return false;
    const first = this.analyses.get(uri, document.version, () => document.getText(), settings, {
      withoutPackages: true,
    });
    await this.connection.sendDiagnostics({
      uri,
      version: first.version,
      diagnostics: documentDiagnostics(first),
    });
    this.logLatency(uri, 'diagnostics');
    this.firstPublishes.delete(uri);
    await this.loadPackages(settings);
    return current();
  }

  /** The first publish of each kind for a document, timed from its opening (the bench reads it). */
  private logLatency(uri: string, what: string): void {
    const opened = this.openedAt.get(uri);
    if (!opened || opened.logged.has(what)) return;
    opened.logged.add(what);
    const ms = (performance.now() - opened.at).toFixed(0);
    const up = (process.uptime() * 1000).toFixed(0);
    this.connection.console.info(
      `first ${what} of ${uri}: ${ms} ms after it was opened (server up ${up} ms)`,
    );
  }

  /**
   * A document too large to judge is analysed on the worker: false when it is not one, or the
   * worker failed (then it is analysed here, as any other).
   */
  private async publishLarge(uri: string): Promise<boolean> {
    const document = this.documents.get(uri);
    if (!document || !this.largeDocuments.handles(document.getText().length)) return false;
    const { version } = document;
    const settings = await this.settings.get(uri);
    const diagnostics = await this.largeDocuments.diagnostics({
      text: document.getText(),
      carch: settings.carch,
      startdir: startdirOf(uri),
      severity: settings.severity,
    });
    if (diagnostics === null) return false;
    const offRequests = tooLargeForRequests(document.getText().length);
    if (offRequests !== null)
      diagnostics.unshift({
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
        severity: DiagnosticSeverity.Information,
        source: 'apkbuild',
        code: 'large-document',
        message: offRequests,
      });
    // A newer version is on its way (or was published): this one is stale.
    if (this.documents.get(uri)?.version === version)
      await this.connection.sendDiagnostics({ uri, version, diagnostics });
    return true;
  }

  private reportIndexProblems(doc: DocumentAnalysis): void {
    const loaded = doc.packageIndex;
    if (!loaded || loaded.problems.length === 0 || this.reportedIndexes.has(loaded)) return;
    this.reportedIndexes.add(loaded);
    for (const problem of loaded.problems.slice(0, 50)) this.connection.console.warn(problem);
    const first = loaded.problems[0];
    const more =
      loaded.problems.length > 1
        ? ` (and ${loaded.problems.length - 1} more problems: see the log)`
        : '';
    void this.connection.sendNotification(ShowMessageNotification.type, {
      type: MessageType.Warning,
      message: `Packages: ${first}${more}. The sound records are used.`,
    });
  }

  /** Loads an aports tree after the current request, showing progress in the client. */
  private async loadTree(root: string, run: () => Promise<LoadedTree>): Promise<void> {
    const progress = await this.progress.begin('Indexing aports', root);
    await new Promise((resolve) => setTimeout(resolve, 0));
    try {
      const loaded = await run();
      this.connection.console.info(
        `indexed ${loaded.index.size} aports under ${root} in ${loaded.millis.toFixed(0)} ms (${loaded.index.stats.fromCache} from cache)`,
      );
      // Files left out (a FIFO, a device, too large) are named, the first few of them.
      for (const problem of loaded.index.problems().slice(0, 50))
        this.connection.console.warn(problem);
    } catch (error) {
      this.connection.console.error(
        `cannot index the aports tree ${root}: ${(error as Error).message}`,
      );
      throw error;
    } finally {
      progress.done();
    }
  }

  closed(uri: string): void {
    this.openedAt.delete(uri);
    this.debouncer.cancel(uri);
    this.analyses.delete(uri);
    this.settings.clear(uri);
    void this.connection.sendDiagnostics({ uri, diagnostics: [] });
  }

  /** Settings or a profile changed: everything open is analysed again. */
  refreshAll(options: { settings?: boolean; profiles?: boolean }): void {
    if (options.settings) this.settings.clear();
    if (options.profiles) this.profiles.invalidate();
    this.onRefresh?.();
    void this.publishEach(this.documents.all().map((d) => d.uri));
  }

  /** One document at a time, with a turn between: requests are answered in between. */
  private async publishEach(uris: readonly string[]): Promise<void> {
    for (const uri of uris) {
      await nextTurn();
      await this.publish(uri);
    }
  }

  /** Profiles and APKBUILDs changed on disk: reload what depends on them, analyse again. */
  filesChanged(uris: readonly string[]): void {
    const paths = uris.filter((u) => u.startsWith('file://')).map((u) => fileURLToPath(u));
    const profiles = paths.some((p) => p.endsWith(`/${PROFILE_FILE_NAME}`));
    const apkbuilds = paths
      .filter((p) => p.endsWith('/APKBUILD'))
      .map((p) => this.trees.fileChanged(p));
    if (profiles || apkbuilds.some(Boolean)) this.refreshAll({ profiles });
  }

  dispose(): void {
    this.debouncer.dispose();
    this.largeDocuments.dispose();
  }
}
