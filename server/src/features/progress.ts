import type { Connection } from 'vscode-languageserver';

/** A running work-done progress: reports and its end. */
export interface Progress {
  report(message: string, percentage?: number): void;
  done(): void;
}

const NO_PROGRESS: Progress = { report: () => {}, done: () => {} };

/**
 * Work-done progress (LSP 3.15) the server starts on its own: created with
 * window/workDoneProgress/create only when the client said it shows them
 * (capabilities.window.workDoneProgress); otherwise a progress that reports nothing.
 */
export class ProgressReporter {
  /** Set from the client's capabilities at initialize. */
  supported = false;

  constructor(private readonly connection: Connection) {}

  async begin(title: string, message?: string, percentage?: number): Promise<Progress> {
    if (!this.supported) return NO_PROGRESS;
    // A client that refuses the token (or fails) only loses the progress, never the work.
    const progress = await this.connection.window.createWorkDoneProgress().catch(() => null);
    if (!progress) return NO_PROGRESS;
    progress.begin(title, percentage, message);
    return {
      report: (text, pct) =>
        pct === undefined ? progress.report(text) : progress.report(pct, text),
      done: () => progress.done(),
    };
  }
}
