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
    await this.pick(title);
  }

  /** Clicks the row of the open quick pick whose label is exactly `label`. */
  async pick(label: string): Promise<void> {
    await this.quickPickRow(label)
      .filter({ has: this.page.getByText(label, { exact: true }) })
      .first()
      .click();
  }

  /** The labels of the open quick pick's rows, once one of them holds `containing`. */
  async quickPickLabels(containing = ''): Promise<string[]> {
    const rows = this.page.locator('.quick-input-widget .quick-input-list .monaco-list-row');
    await rows.filter({ hasText: containing }).first().waitFor();
    return (await rows.locator('.label-name').allInnerTexts()).map((label) => label.trim());
  }

  /** The whole text of each quick-pick row holding `containing`: label, description, detail. */
  async quickPickRows(containing: string): Promise<string[]> {
    const rows = this.page
      .locator('.quick-input-widget .quick-input-list .monaco-list-row')
      .filter({ hasText: containing });
    await rows.first().waitFor();
    return rows.allInnerTexts();
  }

  /** The error and warning counts the status bar shows, once it shows `warnings` warnings. */
  async waitForWarnings(warnings: number): Promise<{ errors: number; warnings: number }> {
    const item = this.statusItem('status.problems');
    await item.filter({ hasText: new RegExp(`^\\s*\\d+\\s+${warnings}\\s*$`) }).waitFor();
    const [errors, shown] = (await item.innerText()).trim().split(/\s+/).map(Number);
    return { errors, warnings: shown };
  }

  /**
   * The text of the webview (an iframe inside an iframe in VS Code) once it holds `part`: the
   * compare view, say, as the user sees it.
   */
  async webviewText(part: string): Promise<string> {
    const deadline = Date.now() + WAIT_MS;
    while (Date.now() < deadline) {
      for (const frame of this.page.frames()) {
        const text = await frame
          .locator('body')
          .innerText({ timeout: 1_000 })
          .catch(() => '');
        if (text.includes(part)) return text;
      }
      await this.page.waitForTimeout(250);
    }
    throw new Error(`no webview shows "${part}"`);
  }

  /** Waits until the status bar counts exactly `errors` errors and `warnings` warnings. */
  async waitForProblems(errors: number, warnings: number): Promise<void> {
    const item = this.statusItem('status.problems');
    await item.filter({ hasText: new RegExp(`^\\s*${errors}\\s+${warnings}\\s*$`) }).waitFor();
  }

  /** Waits until no light bulb shows in the editor (the cursor's line has no quick-fix). */
  async waitForNoLightBulb(): Promise<void> {
    await this.page.locator('.lightBulbWidget').waitFor({ state: 'hidden' });
  }

  /**
   * The file and problem rows of the Problems panel (maximized, so that the list renders all
   * of them); a problem's related information, the rows below it, is `relatedRows`'.
   */
  async problemRows(): Promise<string[]> {
    await this.page.keyboard.press('Control+Shift+M');
    await this.runCommand('View: Toggle Maximized Panel');
    // The list renders the rows in view only; with the evidence under each problem they are
    // over a screen's worth: a tall page for the reading, the usual one again after it.
    const viewport = this.page.viewportSize();
    await this.page.setViewportSize({ width: viewport?.width ?? 1400, height: 2400 });
    const rows = this.page.locator('.markers-panel .monaco-list-row');
    await rows.first().waitFor();
    // The list lays itself out again after the resize, a frame or more later: read it once the
    // number of rows it renders has stayed the same for a while.
    for (let last = -1, same = 0; same < 3;) {
      await this.page.waitForTimeout(250);
      const count = await rows.count();
      same = count === last ? same + 1 : 0;
      last = count;
    }
    const all: { level: string | null; text: string }[] = [];
    for (let i = 0, count = await rows.count(); i < count; i++)
      all.push({
        level: await rows.nth(i).getAttribute('aria-level'),
        text: await rows.nth(i).innerText(),
      });
    if (viewport) await this.page.setViewportSize(viewport);
    this.related = all.filter((r) => r.level === '3').map((r) => r.text);
    return all.filter((r) => r.level !== '3').map((r) => r.text);
  }

  private related: string[] = [];

  /** The related-information rows the last problemRows() read. */
  relatedRows(): string[] {
    return this.related;
  }

  /** Restores the panel and puts the focus back in the editor. */
  async closeProblems(): Promise<void> {
    await this.runCommand('View: Toggle Maximized Panel');
    await this.runCommand('View: Toggle Panel Visibility');
    await this.runCommand('View: Focus First Editor Group');
  }

  /**
   * The token holding `text` in line `line` (from 1), which holds `lineText`; Go to Line
   * (Ctrl+G) first scrolls the line into view.
   */
  async token(line: number, lineText: string, text: string): Promise<Locator> {
    await this.page.keyboard.press('Control+g');
    await this.quickInput().waitFor();
    await this.page.keyboard.type(String(line));
    await this.page.keyboard.press('Enter');
    const view = this.page.locator('.monaco-editor .view-line', { hasText: lineText }).first();
    return view.locator('span > span', { hasText: text }).first();
  }

  /**
   * Rests the mouse on `token` and returns the hover's text once it holds `part`: the problem's
   * part shows at once, the language server's part when its answer arrives.
   */
  async hoverOn(token: Locator, part: string): Promise<string> {
    await token.hover();
    const hover = this.page.locator('.monaco-hover:not(.hidden)', { hasText: part }).first();
    await hover.waitFor();
    return hover.innerText();
  }

  /** Puts the cursor on `token` with a click, then moves the mouse out of the text. */
  async clickOn(token: Locator): Promise<void> {
    await token.click();
    // So that no mouse hover covers the light bulb the cursor brings up.
    await this.page.mouse.move(0, 0);
  }

  /** Clicks the light bulb at the cursor's line and returns the offered actions' titles. */
  async openLightBulb(): Promise<string[]> {
    await this.page.locator('.lightBulbWidget').click();
    const rows = this.page.locator('.action-widget .monaco-list-row.action');
    await rows.first().waitFor();
    return rows.allInnerTexts();
  }

  /**
   * Picks an action of the open light-bulb menu by its title, with the arrow keys and Enter: the
   * menu lays a pointer block over the page while it opens, which catches clicks.
   */
  async chooseAction(title: string): Promise<void> {
    const rows = this.page.locator('.action-widget .monaco-list-row.action');
    const count = await rows.count();
    for (let i = 0; i < count; i++) {
      const focused = rows.and(this.page.locator('.focused'));
      if ((await focused.getAttribute('aria-label')) === title) {
        await this.page.keyboard.press('Enter');
        return;
      }
      await this.page.keyboard.press('ArrowDown');
    }
    throw new Error(`the light-bulb menu has no action "${title}"`);
  }

  async save(): Promise<void> {
    await this.page.keyboard.press('Control+s');
    await this.page.locator('.tab.active.dirty').waitFor({ state: 'detached' });
  }

  /**
   * The activation time VS Code measured for an extension (Developer: Show Running Extensions),
   * in milliseconds, by the extension's display name.
   */
  async activationMs(displayName: string): Promise<number> {
    await this.runCommand('Developer: Show Running Extensions');
    const row = this.page.locator('.runtime-extensions-editor .monaco-list-row', {
      hasText: displayName,
    });
    const text = await row
      .filter({ hasText: /Activation: \d+ms/ })
      .first()
      .innerText();
    return Number(/Activation: (\d+)ms/.exec(text)![1]);
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
