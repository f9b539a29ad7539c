import {
  isUnknown,
  parseSubpackage,
  splitFunctionOf,
  type ApkbuildModel,
  type ListItem,
  type Span,
} from '../apkbuild';
import { touches } from './ranges';

/** Subpackage names by the split function abuild calls for them, from the evaluated list. */
export function subpackagesByFunction(model: ApkbuildModel): Map<string, string[]> {
  const evaluated = model.list('subpackages');
  const entries =
    evaluated !== null && !isUnknown(evaluated)
      ? evaluated
      : model.assignments
          .filter((a) => a.name === 'subpackages')
          .flatMap((a) => (a.items ?? []).map((item) => item.text));
  const byFunction = new Map<string, string[]>();
  for (const entry of entries) {
    const name = splitFunctionOf(entry);
    const subpackage = parseSubpackage(entry).name;
    const names = byFunction.get(name) ?? [];
    if (!names.includes(subpackage)) names.push(subpackage);
    byFunction.set(name, names);
  }
  return byFunction;
}

/**
 * The split function named or implied by the top-level subpackages item under the cursor,
 * read from the item as written; null off an item, on its arch field, or when the name of the
 * function would come from an expansion.
 */
export function splitFunctionAt(model: ApkbuildModel, offset: number): string | null {
  for (const assignment of model.assignments) {
    if (assignment.name !== 'subpackages') continue;
    const item = assignment.items?.find((i) => touches(i.range, offset));
    if (item) return splitFunctionOfItem(item, offset);
  }
  return null;
}

function splitFunctionOfItem(item: ListItem, offset: number): string | null {
  const fields = splitFields(item);
  const [name, func] = fields.map((f) => item.text.slice(f.start, f.end));
  const cursor = offset - item.range.start;
  if (fields.length > 2 && cursor > fields[1].end) return null; // on the arch field
  const chosen = func ? func : name.slice(name.lastIndexOf('-') + 1);
  return chosen === '' || chosen.includes('$') ? null : chosen;
}

/** The colon-separated fields of an item, relative to its start; colons in `${...}` or `$(...)` do not split. */
function splitFields(item: ListItem): Span[] {
  const fields: Span[] = [];
  let depth = 0;
  let start = 0;
  const text = item.text;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '$' && (text[i + 1] === '{' || text[i + 1] === '(')) {
      depth++;
      i++;
    } else if (depth > 0 && (c === '{' || c === '(')) depth++;
    else if (depth > 0 && (c === '}' || c === ')')) depth--;
    else if (depth === 0 && c === ':') {
      fields.push({ start, end: i });
      start = i + 1;
    }
  }
  fields.push({ start, end: text.length });
  return fields;
}
