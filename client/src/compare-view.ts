import { randomBytes } from 'node:crypto';
import type { Disposable, WebviewPanel } from 'vscode';
import { Uri, ViewColumn, window, workspace } from 'vscode';
import type { CompareViewModel } from './compare-view-model';
import type { Ctx } from './ctx';
import { messageOf, showError } from './notifications';

/** What the view shows, and how to export it. */
export interface CompareContent {
  model: CompareViewModel;
  /** The report as Markdown (the CLI's `--format markdown`), for "Export as Markdown". */
  markdown: () => Promise<string>;
  /** Where the export is offered to be saved. */
  defaultExport: Uri;
}

/** Messages the view script (media/compare-view.js) posts. */
type FromView = { type: 'ready' } | { type: 'exportMarkdown' };

/**
 * The compare report in a webview: one panel, reused for each new report. The page is a fixed
 * HTML shell under a strict CSP (scripts only with this page's nonce, nothing remote); the
 * data goes in by postMessage and the view script builds the page, chart included, with DOM
 * calls (never HTML strings), so report text cannot become markup.
 */
export class CompareView implements Disposable {
  private panel: WebviewPanel | undefined;
  private content: CompareContent | undefined;

  constructor(private readonly ctx: Ctx) {}

  show(content: CompareContent): void {
    this.content = content;
    if (this.panel) {
      this.panel.title = content.model.title;
      this.panel.reveal(ViewColumn.Beside);
      void this.post();
      return;
    }
    const media = Uri.file(this.ctx.asAbsolutePath('media'));
    const panel = window.createWebviewPanel(
      'apkbuild.compare',
      content.model.title,
      ViewColumn.Beside,
      { enableScripts: true, localResourceRoots: [media] },
    );
    panel.iconPath = Uri.joinPath(media, 'apkbuild.svg');
    panel.webview.html = this.html(panel, media);
    panel.webview.onDidReceiveMessage((message: FromView) => void this.received(message));
    panel.onDidDispose(() => (this.panel = undefined));
    this.panel = panel;
  }

  private async received(message: FromView): Promise<void> {
    if (message.type === 'ready') await this.post();
    else if (message.type === 'exportMarkdown') await this.exportMarkdown();
  }

  private async post(): Promise<void> {
    if (this.panel && this.content)
      await this.panel.webview.postMessage({ type: 'report', model: this.content.model });
  }

  private async exportMarkdown(): Promise<void> {
    const content = this.content;
    if (!content) return;
    try {
      const target = await window.showSaveDialog({
        defaultUri: content.defaultExport,
        filters: { Markdown: ['md'] },
        title: 'Export the compare report as Markdown',
      });
      if (!target) return;
      await workspace.fs.writeFile(target, Buffer.from(await content.markdown(), 'utf8'));
      this.ctx.output.info(`compare report written to ${target.fsPath}`);
    } catch (error) {
      await showError(this.ctx, `Export as Markdown failed: ${messageOf(error)}`);
    }
  }

  private html(panel: WebviewPanel, media: Uri): string {
    const nonce = randomBytes(16).toString('base64');
    const webview = panel.webview;
    const script = webview.asWebviewUri(Uri.joinPath(media, 'compare-view.js'));
    const style = webview.asWebviewUri(Uri.joinPath(media, 'compare-view.css'));
    const csp = [
      "default-src 'none'",
      `style-src ${webview.cspSource}`,
      `img-src ${webview.cspSource} data:`,
      `script-src 'nonce-${nonce}'`,
    ].join('; ');
    return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${style.toString()}">
<title>Compare</title>
</head>
<body>
<main id="report"><p class="muted">Reading the report…</p></main>
<script nonce="${nonce}" src="${script.toString()}"></script>
</body>
</html>`;
  }

  dispose(): void {
    this.panel?.dispose();
  }
}
