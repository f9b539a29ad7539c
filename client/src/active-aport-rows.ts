/**
 * The rows of the "Active APKBUILD" view, made from the server's `apkbuild/resolve` answer
 * without VS Code, so they can be tested: the install closure, the build passes, and the notes
 * saying what is missing (with the setting that supplies it).
 */
import type { ResolveResult } from '../../server/src/protocol';

/** A row of the view: a heading with rows below it, or a leaf. */
export interface ActiveNode {
  label: string;
  description?: string;
  icon: string;
  children: ActiveNode[];
  /** A setting to open on a click (a note saying what is missing). */
  setting?: string;
}

const plural = (n: number, noun: string, nouns = `${noun}s`): string =>
  `${n} ${n === 1 ? noun : nouns}`;

/** The rows for the server's resolution of the active APKBUILD. */
export function activeNodes(result: ResolveResult): ActiveNode[] {
  const nodes: ActiveNode[] = [];
  const leaf = (label: string, icon: string): ActiveNode => ({ label, icon, children: [] });
  if (result.closure) {
    const added = result.closure.added;
    nodes.push({
      // What `apk add` installs on top of the profile's reference image; the count first, so
      // that a narrow side bar still shows it.
      label: `Install closure: ${plural(added.length, 'package')}`,
      description: result.package ? `apk add ${result.package}` : undefined,
      icon: 'package',
      children: added.map((name) => leaf(name, 'circle-small')),
    });
  }
  if (result.passes.length > 0)
    nodes.push({
      label: 'Build passes',
      description: `${plural(result.passes.length, 'pass', 'passes')}, ${plural(result.passes.flat().length, 'origin')}`,
      icon: 'layers',
      children: result.passes.map((origins, i) => ({
        label: `pass ${i + 1}`,
        description: origins.join(', '),
        icon: 'circle-small',
        children: [],
      })),
    });
  for (const note of result.notes)
    nodes.push({
      label: note,
      icon: 'info',
      children: [],
      setting: /apkbuild\.apkindex/.test(note)
        ? 'apkbuild.apkindex'
        : /apkbuild\.aportsPath/.test(note)
          ? 'apkbuild.aportsPath'
          : undefined,
    });
  return nodes;
}
