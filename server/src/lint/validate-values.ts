/** Reading an APKBUILD's values the way abuild validate's checks need them. */
import type { ApkbuildModel, Span } from '../apkbuild';
import { lineEndAt } from './edits';

/** The known value of a top-level variable, or null when it is unset or not known. */
export function known(model: ApkbuildModel, name: string): string | null {
  const value = model.value(name);
  return value?.known ? value.value : null;
}

/** Where a variable's last top-level assignment is, or the first line when it has none. */
export function placeOf(model: ApkbuildModel, name: string): Span {
  const assignment = model.assignments.filter((a) => a.name === name).at(-1);
  if (assignment) return assignment.valueRange ?? assignment.range;
  return { start: 0, end: lineEndAt(model.text, 0) };
}

/** A known list variable: its words, [] when unset, null when not known. */
export function words(model: ApkbuildModel, name: string): string[] | null {
  const value = model.list(name);
  return value === null ? [] : Array.isArray(value) ? value : null;
}
