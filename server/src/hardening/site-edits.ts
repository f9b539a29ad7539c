import type { ApkbuildModel, Assignment, SimpleCommand, Span } from '../apkbuild';
import { splitListItems } from '../apkbuild/lists';
import { forEachCommandOf } from '../apkbuild/visit';
import { commandName } from './switches/shell-scopes';
import { lineEnd, lineStart, type TextEdit } from './text-edits';

const isBlank = (c: string | undefined): boolean => c === ' ' || c === '\t';

/** The whole lines of a command that sits alone on them, or null when it shares a line. */
function ownLines(text: string, range: Span): Span | null {
  // The end of a pipeline or an && list (`cmd | \` on the line before) is not a statement.
  let before = range.start;
  while (before > 0 && /[\s\\]/.test(text[before - 1])) before--;
  if (before > 0 && (text[before - 1] === '|' || text[before - 1] === '&')) return null;
  const start = lineStart(text, range.start);
  const end = lineEnd(text, range.end);
  if (text.slice(start, range.start).trim() !== '') return null;
  const after = text.slice(range.end, end).trim();
  if (after !== '' && !after.startsWith('#') && after !== ';') return null;
  return { start, end: Math.min(end + 1, text.length) };
}

/**
 * Removes words from an assignment's value (`opts="--with-x --with-y"`) and keeps the quotes.
 * When nothing but the variable's own old value is left (`ccargs="$ccargs"`), the statement
 * does nothing and goes as a whole, if it is alone on its line.
 */
export function removeValueWords(
  text: string,
  assignment: Assignment,
  command: SimpleCommand,
  remove: readonly Span[],
  /** Inside an if, case or loop: the statement stays, since a body may not be left empty. */
  conditional = false,
): TextEdit[] {
  const value = assignment.value;
  if (!value || remove.length === 0) return [];
  const items = splitListItems(text, value);
  const starts = new Set(remove.map((r) => r.start));
  const rest = items.filter((i) => !starts.has(i.range.start));
  const self = new RegExp(`^\\$\\{?${assignment.name}\\}?$`);
  const selfOnly = rest.every((i) => self.test(i.text));
  const whole =
    !conditional && command.assignments.length + command.declarations.length === 1
      ? ownLines(text, command)
      : null;
  if (selfOnly && whole && (rest.length > 0 || command.words.length > 0))
    return [{ range: whole, newText: '' }];
  const edits: TextEdit[] = [];
  for (const r of remove) {
    let start = r.start;
    while (start > value.start && isBlank(text[start - 1])) start--;
    let end = r.end;
    if (start === r.start || text.slice(value.start, start).replace(/["']/g, '') === '')
      while (end < value.end && isBlank(text[end])) end++;
    edits.push({ range: { start, end }, newText: '' });
  }
  return edits;
}

/** Removes `NAME=value` from `export NAME=value` or `NAME=value command`. */
export function removeAssignment(
  text: string,
  assignment: Assignment,
  command: SimpleCommand,
  conditional = false,
): TextEdit {
  const declarations =
    command.declarations.length + (command.words.length === 1 ? 0 : command.words.length - 1);
  const onlyOne = command.assignments.length + declarations === 1;
  const whole = ownLines(text, command);
  const isExport =
    command.words.length > 0 &&
    commandName(text, command) !== null &&
    command.assignments.length === 0;
  if (onlyOne && isExport && whole && !conditional) return { range: whole, newText: '' };
  // `export NAME=value` alone in an if: `export` without arguments is a harmless command.
  let end = assignment.end;
  while (end < text.length && isBlank(text[end])) end++;
  return { range: { start: assignment.start, end }, newText: '' };
}

/** Writes ` TEXT` after the last word of a command: the build reads it like the others. */
export function insertAfterCommand(command: SimpleCommand, insert: string): TextEdit {
  const last = command.words[command.words.length - 1];
  const at = last ? last.end : command.end;
  return { range: { start: at, end: at }, newText: ` ${insert}` };
}

const INSTALLERS = new Set(['install', 'cp', 'ln', 'mkdir']);

/**
 * Stops `package()` shipping groups of folders (the init scripts; the translations; ...). Per
 * group, commands of package() that only install into it (`install -Dm755 "$srcdir"/x.initd
 * "$pkgdir"/etc/init.d/x`) go; when there are none, or something else still writes there,
 * package() removes the group's folders at its end, in one `rm -rf` for every group.
 */
export function stopShipping(
  model: ApkbuildModel,
  groups: readonly (readonly string[])[],
): TextEdit[] | null {
  const fn = model.functions.find((f) => f.name === 'package' && f.node);
  if (!fn?.node) return null;
  const text = model.text;
  const edits: TextEdit[] = [];
  const remove: string[] = [];
  let total = 0;
  forEachCommandOf(fn.node, (command) => void (command.kind === 'simple' && total++));
  let removed = 0;
  for (const folders of groups) {
    const into = (word: string): boolean =>
      folders.some((f) => word.includes(`/${f}`) || word.replace(/^["']/, '').startsWith(f));
    let others = false;
    const lines: Span[] = [];
    forEachCommandOf(fn.node, (command, context) => {
      if (command.kind !== 'simple' || context.functionName !== 'package') return;
      const words = command.words.map((w) => text.slice(w.start, w.end));
      if (!words.some(into)) return;
      // The destination is the last word that is not an option: `install -Dm755 SRC DEST`.
      const destination =
        words
          .slice(1)
          .filter((w) => !w.startsWith('-'))
          .pop() ?? '';
      const own = ownLines(text, command);
      if (INSTALLERS.has(words[0]) && !context.conditional && own && into(destination))
        lines.push(own);
      else others = true;
    });
    for (const range of lines) edits.push({ range, newText: '' });
    removed += lines.length;
    if (lines.length === 0 || others) remove.push(...folders);
  }
  // A function body may not be empty: when every command went, the removal stays as a command.
  if (removed === total && remove.length === 0) remove.push(...groups.flat());
  if (remove.length > 0) {
    const body = fn.node.body;
    const close = body.end - 1;
    const indent = /\n([ \t]+)\S/.exec(text.slice(body.start, close))?.[1] ?? '\t';
    const paths = remove.map((f) => `"$pkgdir"/${f}`).join(' ');
    const at = lineStart(text, close);
    const onOwnLine = text.slice(at, close).trim() === '';
    edits.push(
      onOwnLine
        ? { range: { start: at, end: at }, newText: `${indent}rm -rf ${paths}\n` }
        : { range: { start: close, end: close }, newText: `; rm -rf ${paths}; ` },
    );
  }
  return edits;
}
