import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';

/** Debian's chromium, headless, with nothing running in the background. */
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Long enough for the first load on a busy two-core CI machine; only reached on failure. */
const WAIT_MS = 60_000;

/** Escapes a DOM id for a CSS selector (VS Code's status bar ids contain dots). */
const idSelector = (id: string): string => `#${id.replace(/\./g, '\\.')}`;

/** The VS Code workbench in a browser page, driven the way a user would: keys and clicks. */
export class Workbench {
  private shots = 0;

  private constructor(
    private readonly browser: Browser,
    readonly page: Page,
    private readonly artifactsDir: string,
  ) {}

  /** Launches chromium (a fresh profile each time) and loads the workbench at `url`. */
  static async open(executablePath: string, url: string, artifactsDir: string): Promise<Workbench> {
    mkdirSync(artifactsDir, { recursive: true });
    const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    page.setDefaultTimeout(WAIT_MS);
    await page.goto(url);
    await page.locator('.monaco-workbench').waitFor();
    return new Workbench(browser, page, artifactsDir);
  }

  /** Saves a screenshot named after the step, numbered in the order taken. */
  async screenshot(step: string): Promise<string> {
    const file = join(this.artifactsDir, `${String(++this.shots).padStart(2, '0')}-${step}.png`);
    await this.page.screenshot({ path: file });
    return file;
  }

  /** Quick Open (Ctrl+P) on a file name; resolves once its editor shows the language mode. */
  async openFile(name: string, languageMode: string): Promise<void> {
    await this.page.keyboard.press('Control+p');
    await this.quickInput().waitFor();
    await this.page.keyboard.type(name);
    await this.quickPickRow(name).first().waitFor();
    await this.page.keyboard.press('Enter');
    await this.statusItem('status.editor.mode').filter({ hasText: languageMode }).waitFor();
  }

  /** Runs a command from the palette (F1) by its full title, as "Category: Title". */
  async runCommand(title: string): Promise<void> {
    await this.page.keyboard.press('F1');
    await this.quickInput().waitFor();
    await this.page.keyboard.type(title);
    // Click the row of exactly this title: Enter would take the best fuzzy match, which for
    // "Tasks: Run Task" can be "Tasks: Restart Running Task".
    await this.quickPickRow(title)
      .filter({ has: this.page.getByText(title, { exact: true }) })
      .first()
      .click();
  }

  /** The visible rows' labels of the open quick pick (palette, Run Task, ...). */
  async quickPickLabels(): Promise<string[]> {
    const rows = this.page.locator('.quick-input-widget .quick-input-list .monaco-list-row');
    await rows.first().waitFor();
    return rows.locator('.label-name').allInnerTexts();
  }

  /** The error and warning counts the status bar shows, once it shows `warnings` warnings. */
  async waitForWarnings(warnings: number): Promise<{ errors: number; warnings: number }> {
    const item = this.statusItem('status.problems');
    await item.filter({ hasText: new RegExp(`^\\s*\\d+\\s+${warnings}\\s*$`) }).waitFor();
    const [errors, shown] = (await item.innerText()).trim().split(/\s+/).map(Number);
    return { errors, warnings: shown };
  }

  /** Every row of the Problems panel (maximized, so that the list renders all of them). */
  async problemRows(): Promise<string[]> {
    await this.page.keyboard.press('Control+Shift+M');
    await this.runCommand('View: Toggle Maximized Panel');
    const rows = this.page.locator('.markers-panel .monaco-list-row');
    await rows.first().waitFor();
    return rows.allInnerTexts();
  }

  /** Restores the panel and puts the focus back in the editor. */
  async closeProblems(): Promise<void> {
    await this.runCommand('View: Toggle Maximized Panel');
    await this.runCommand('View: Toggle Panel Visibility');
    await this.runCommand('View: Focus First Editor Group');
  }

  /** Moves the cursor with Go to Line (Ctrl+G), `line` and `column` from 1. */
  async goTo(line: number, column: number): Promise<void> {
    await this.page.keyboard.press('Control+g');
    await this.quickInput().waitFor();
    await this.page.keyboard.type(`${line}:${column}`);
    await this.page.keyboard.press('Enter');
  }

  /**
   * The hover at the cursor (Show or Focus Hover), as text, once it holds `part`: the problem's
   * part shows at once, the language server's part when its answer arrives.
   */
  async hoverAtCursor(part: string): Promise<string> {
    await this.runCommand('Show or Focus Hover');
    const hover = this.page.locator('.monaco-hover:not(.hidden)', { hasText: part }).first();
    await hover.waitFor();
    return hover.innerText();
  }

  /** Clicks the light bulb at the cursor's line and returns the offered actions' titles. */
  async openLightBulb(): Promise<string[]> {
    await this.page.keyboard.press('Escape');
    await this.page.locator('.lightBulbWidget .codicon').click();
    const rows = this.page.locator('.action-widget .monaco-list-row.action');
    await rows.first().waitFor();
    return rows.allInnerTexts();
  }

  /** Picks an action of the open light-bulb menu by its title. */
  async chooseAction(title: string): Promise<void> {
    await this.page.locator('.action-widget .monaco-list-row.action', { hasText: title }).click();
  }

  /** Waits until an editor line shows `text`. */
  async waitForLine(text: string): Promise<void> {
    await this.page.locator('.monaco-editor .view-line', { hasText: text }).first().waitFor();
  }

  async save(): Promise<void> {
    await this.page.keyboard.press('Control+s');
    await this.page.locator('.tab.active.dirty').waitFor({ state: 'detached' });
  }

  /** A status bar item by its id (`status.problems`, `status.editor.mode`, ...). */
  statusItem(id: string): Locator {
    return this.page.locator(idSelector(id));
  }

  private quickInput(): Locator {
    return this.page.locator('.quick-input-widget input');
  }

  private quickPickRow(text: string): Locator {
    return this.page.locator('.quick-input-widget .quick-input-list .monaco-list-row', {
      hasText: text,
    });
  }

  async close(): Promise<void> {
    await this.browser.close();
  }
}
