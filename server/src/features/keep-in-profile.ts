import { isMap, isScalar, isSeq, parseDocument } from 'yaml';
import { LineIndex } from '../apkbuild';
import { PROFILE_FILE_NAME, type Finding, type LoadedProfile } from '../hardening';

/** The name that `keep:` needs to stop this finding: option name, package, or subpackage suffix. */
export function keepNameOf(finding: Finding): string {
  const target = finding.target;
  if (target.kind === 'option') return target.analysis.switch.option.name;
  if (target.kind === 'default-on') return target.analysis.key;
  if (target.kind === 'makedepend') return target.analysis.name;
  return target.analysis.rule?.kind === 'drop-subpackage'
    ? target.analysis.rule.suffix
    : target.analysis.name;
}

export type ProfileChange =
  | {
      kind: 'edit';
      file: string;
      range: {
        start: { line: number; character: number };
        end: { line: number; character: number };
      };
      newText: string;
    }
  | { kind: 'create'; file: string; text: string };

/**
 * Adds a name to the profile's keep list: into the existing list (flow or block style), as a
 * new `keep:` key, or, when the profile is a built-in, in a new .apkharden.yaml beside the file.
 */
export function addToKeep(
  loaded: LoadedProfile,
  name: string,
  apkbuildFolder: string,
  builtinName: string,
): ProfileChange {
  if (loaded.file === null || loaded.text === null) {
    return {
      kind: 'create',
      file: `${apkbuildFolder}/${PROFILE_FILE_NAME}`,
      text: `# Hardening profile for this folder (see the apkbuild-hardening README).\nextends: ${builtinName}\nkeep: [${name}]\n`,
    };
  }
  const text = loaded.text;
  const lines = new LineIndex(text);
  const at = (offset: number): { line: number; character: number } => lines.positionAt(offset);
  // The profile passed its schema (so it is small and shallow); the parser's own duplicate-key
  // check is quadratic and adds nothing here.
  const doc = parseDocument(text, { uniqueKeys: false });
  const root = doc.contents;
  const keep = isMap(root)
    ? root.items.find((p) => isScalar(p.key) && p.key.value === 'keep')
    : undefined;
  const list = keep?.value;
  if (isSeq(list) && list.range) {
    if (list.flow) {
      const close = text.lastIndexOf(']', list.range[1]);
      const empty = list.items.length === 0;
      return {
        kind: 'edit',
        file: loaded.file,
        range: { start: at(close), end: at(close) },
        newText: empty ? name : `, ${name}`,
      };
    }
    const last = list.items[list.items.length - 1] as
      { range?: [number, number, number] } | undefined;
    const end = last?.range ? last.range[1] : list.range[1];
    const lineStart = text.lastIndexOf('\n', end - 1) + 1;
    const indent = /^\s*/.exec(text.slice(lineStart))![0];
    return {
      kind: 'edit',
      file: loaded.file,
      range: { start: at(end), end: at(end) },
      newText: `\n${indent}- ${name}`,
    };
  }
  const end = text.length;
  const prefix = text.endsWith('\n') || text === '' ? '' : '\n';
  return {
    kind: 'edit',
    file: loaded.file,
    range: { start: at(end), end: at(end) },
    newText: `${prefix}keep: [${name}]\n`,
  };
}
