/**
 * Build-time passes: the origins that must be built from source before a target can be, level
 * by level, stopping at a reference image (alpine-base).
 *
 * What is followed: for the target and for every origin that has to be built, its
 * makedepends (makedepends_build + makedepends_host), its depends and its depends_dev. The
 * makedepends must be installed to build it; the depends must exist for it to be installed at
 * all (a built origin's runtime depends are part of what has to be built); depends_dev are the
 * depends of its -dev subpackage, which is what other aports' makedepends install
 * (`openldap-dev` pulls `cyrus-sasl-dev`). checkdepends are not followed: `options="!check"`
 * or `abuild -K` builds without them, so they do not gate the build. Depends declared inside
 * split functions are not static values and are not seen.
 *
 * Pass 1 holds the origins of what the target needs; pass N+1 what pass N's origins need that
 * is in no earlier pass, not the target and not in the reference. Each origin is in one pass
 * only (its earliest), so the walk always ends; the cycles among the origins walked (strongly
 * connected components, and origins with a makedepend on themselves) are reported.
 */
import type { AportsEntry } from './entry';
import type { AportsIndex } from './tree';

export interface PassReason {
  /** The origin (of the previous pass, or the target) that needed this one first. */
  neededBy: string;
  /** The package name it needed (`openldap-dev`), and from which variable. */
  name: string;
  field: 'makedepends' | 'depends' | 'depends_dev';
}

export interface BuildPasses {
  passes: string[][];
  /** Each cycle's origins, sorted; an origin with a makedepend on itself is a cycle of one. */
  cycles: string[][];
  /** Names no aport builds (or `so:`/`cmd:`/`pc:` names, which need a binary index). */
  unresolved: { name: string; neededBy: string }[];
  /** Why each origin of the passes is there. */
  reasons: Record<string, PassReason>;
  /** Origins whose needs static evaluation could not tell, with the reason. */
  unknown: { origin: string; reason: string }[];
}

const FIELDS = [
  ['makedepends', 'makedepends'],
  ['depends', 'depends'],
  ['depends_dev', 'dependsDev'],
] as const;

/** What an origin needs: each name with the variable it came from, or the unknown reasons. */
function needsOf(entry: AportsEntry): {
  needs: { name: string; field: PassReason['field'] }[];
  unknown: string[];
} {
  const needs: { name: string; field: PassReason['field'] }[] = [];
  const unknown: string[] = [];
  for (const [field, key] of FIELDS) {
    const value = entry[key];
    if (!value.known) unknown.push(value.reason);
    else for (const name of value.value) needs.push({ name, field });
  }
  return { needs, unknown };
}

/**
 * The passes for `target` (an origin of the index, or an entry given in its place: a modified
 * copy to see what a change would do). `reference` holds the origins already in the base image.
 */
export function buildPasses(
  index: AportsIndex,
  target: string | AportsEntry,
  reference: ReadonlySet<string>,
): BuildPasses {
  const root = typeof target === 'string' ? index.entry(target) : target;
  const targetOrigin = typeof target === 'string' ? target : target.origin;
  const result: BuildPasses = { passes: [], cycles: [], unresolved: [], reasons: {}, unknown: [] };
  if (!root) {
    result.unknown.push({ origin: targetOrigin, reason: 'no aport of the index has this pkgname' });
    return result;
  }
  const entryOf = (origin: string): AportsEntry | undefined =>
    origin === targetOrigin ? root : index.entry(origin);
  const edges = new Map<string, Set<string>>();
  const placed = new Set<string>([targetOrigin]);
  const unresolvedSeen = new Set<string>();
  let frontier = [targetOrigin];
  while (frontier.length > 0) {
    const next: string[] = [];
    for (const origin of frontier) {
      const entry = entryOf(origin);
      if (!entry) continue;
      const { needs, unknown } = needsOf(entry);
      for (const reason of unknown) result.unknown.push({ origin, reason });
      const out = new Set<string>();
      edges.set(origin, out);
      for (const { name, field } of needs) {
        const needed = index.originOf(name);
        if (needed === null) {
          const key = `${name}\0${origin}`;
          if (!unresolvedSeen.has(key)) result.unresolved.push({ name, neededBy: origin });
          unresolvedSeen.add(key);
          continue;
        }
        if (reference.has(needed)) continue;
        // An origin whose depends name its own subpackages is built in one go; only a
        // makedepend on itself (a compiler built with itself) is a cycle.
        if (needed !== origin || field === 'makedepends') out.add(needed);
        if (placed.has(needed)) continue;
        placed.add(needed);
        next.push(needed);
        result.reasons[needed] = { neededBy: origin, name, field };
      }
    }
    if (next.length > 0) result.passes.push([...next].sort());
    frontier = next;
  }
  result.cycles = findCycles(edges);
  return result;
}

/**
 * The origins of a reference image: `base` (alpine-base) and the origins of its depends,
 * recursively (runtime depends only: what installing it installs).
 */
export function referenceClosure(index: AportsIndex, base = 'alpine-base'): Set<string> {
  const start = index.originOf(base);
  const closure = new Set<string>(start === null ? [] : [start]);
  const queue = [...closure];
  for (let origin = queue.shift(); origin !== undefined; origin = queue.shift()) {
    const depends = index.entry(origin)?.depends;
    if (!depends?.known) continue;
    for (const name of depends.value) {
      const needed = index.originOf(name);
      if (needed === null || closure.has(needed)) continue;
      closure.add(needed);
      queue.push(needed);
    }
  }
  return closure;
}

/** The passes as a desired SBOM in bomresolver's form: one origin a line, `# pass N` before each pass. */
export function desiredSbomText(passes: readonly (readonly string[])[]): string {
  const lines: string[] = [];
  passes.forEach((pass, i) => lines.push(`# pass ${i + 1}`, ...pass));
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}

/** The passes, cycles and unresolved names as JSON (passes numbered from 1). */
export function passesJson(result: BuildPasses): string {
  return JSON.stringify(
    {
      passes: result.passes.map((origins, i) => ({ pass: i + 1, origins })),
      cycles: result.cycles,
      unresolved: result.unresolved,
      reasons: result.reasons,
      unknown: result.unknown,
    },
    null,
    2,
  );
}

/** Cycles in a dependency graph: Tarjan's strongly connected components, without recursion. */
/**
 * The strongly connected components of more than one node, and the nodes with an edge to
 * themselves; each as its sorted nodes, the list sorted by its first node. Edges to nodes
 * missing from the map's keys are followed as nodes without edges.
 */
function findCycles(edges: ReadonlyMap<string, ReadonlySet<string>>): string[][] {
  const indexOf = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const cycles: string[][] = [];
  let counter = 0;

  const visit = (start: string): void => {
    // Each frame: a node and the iterator over its successors still to look at.
    const frames: { node: string; next: Iterator<string> }[] = [];
    const open = (node: string): void => {
      indexOf.set(node, counter);
      low.set(node, counter);
      counter++;
      stack.push(node);
      onStack.add(node);
      frames.push({ node, next: (edges.get(node) ?? new Set<string>()).values() });
    };
    open(start);
    while (frames.length > 0) {
      const frame = frames[frames.length - 1];
      const step = frame.next.next();
      if (!step.done) {
        const successor = step.value;
        if (!indexOf.has(successor)) open(successor);
        else if (onStack.has(successor))
          low.set(frame.node, Math.min(low.get(frame.node)!, indexOf.get(successor)!));
        continue;
      }
      frames.pop();
      const parent = frames[frames.length - 1];
      if (parent) low.set(parent.node, Math.min(low.get(parent.node)!, low.get(frame.node)!));
      if (low.get(frame.node) !== indexOf.get(frame.node)) continue;
      const component: string[] = [];
      let node: string | undefined;
      do {
        node = stack.pop();
        if (node === undefined) break;
        onStack.delete(node);
        component.push(node);
      } while (node !== frame.node);
      const selfLoop = component.length === 1 && (edges.get(frame.node)?.has(frame.node) ?? false);
      if (component.length > 1 || selfLoop) cycles.push(component.sort());
    }
  };

  for (const node of edges.keys()) if (!indexOf.has(node)) visit(node);
  return cycles.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}
