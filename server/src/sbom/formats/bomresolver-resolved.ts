/**
 * The packages of a bomresolver (Nordix/bomres) resolved document. Its layout, from the
 * upstream code that writes it (services/sbom_resolver/service/build/bomres/bomres/lib/
 * aggregate_bom.py `format_dep`, then resolve_bom.py `mapper`):
 *
 *   { "modelVersion": "1.1",
 *     "metadata": { "aggregator": { "alpine": { "apkindex": { "hash" }, "settings": {
 *         "ALPINE_VERSION": "3.15", ... }, "aports": {...}, "stats": {...} } } },
 *     "dependencies": [ { "ID": "native-musl-1.2.2-r7-alpinelinux-...",
 *         "pipeline": { "domain": "linux", "product": "musl", "version": "1.2.2",
 *           "update": "r7", "aggregator": { "alpine": { "parent": "musl", "arch": "x86_64",
 *             "struct_raw": { "depend": ["D: line"], "provide": ["p: line"] } } } },
 *         "mapper": { "strategic": false },
 *         "aggregate": { "parent": "musl", "info": { "license": "MIT" } } } ],
 *     "tools": {...}, "stats": { "aggregate": {...}, "resolver": { "secondary": {...} } } }
 *
 * (resolve_bom.py also accepts the list under `data.dependencies`.) Only `linux` entries are
 * packages, as in the resolver.
 */
import { distinct, sonameOf, tokens } from './component-fields';
import { addEdgesFromDepends, providerMap } from './depends-edges';
import {
  at,
  describeJson,
  isRecord,
  RefAllocator,
  type ProblemLog,
  type SbomComponent,
  type SbomDocument,
} from './model';
import { alpineDistro } from './purl';

/** The record at a key path, or undefined. */
function dig(value: unknown, ...keys: string[]): unknown {
  let current = value;
  for (const key of keys) current = isRecord(current) ? current[key] : undefined;
  return current;
}

function text(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
}

/** The lines of a `struct_raw` list, each a space-separated `D:` or `p:` value. */
function rawTokens(value: unknown): string[] {
  if (typeof value === 'string') return tokens(value);
  return Array.isArray(value) ? value.flatMap((v) => (typeof v === 'string' ? tokens(v) : [])) : [];
}

/** True when the root has the resolved document's list of dependencies. */
export function resolvedDependencies(root: Record<string, unknown>): unknown {
  return root.dependencies ?? dig(root, 'data', 'dependencies');
}

/** Reads the resolved document's packages into `document`, with edges from their depends. */
export function readResolvedPackages(
  root: Record<string, unknown>,
  document: SbomDocument,
  log: ProblemLog,
): void {
  const path = root.dependencies !== undefined ? 'dependencies' : 'data.dependencies';
  const list = resolvedDependencies(root);
  if (!Array.isArray(list)) {
    log.add(path, `expected an array of packages, found ${describeJson(list)}`);
    return;
  }
  const version = text(dig(root, 'metadata', 'aggregator', 'alpine', 'settings', 'ALPINE_VERSION'));
  if (version !== null) document.distro = alpineDistro(version);
  const refs = new RefAllocator();
  list.forEach((item, index) => {
    const place = at(path, index);
    const pipeline = dig(item, 'pipeline');
    if (!isRecord(pipeline)) {
      log.add(place, `expected a package with a pipeline, found ${describeJson(item)}`);
      return;
    }
    if (pipeline.domain !== 'linux') return;
    const name = text(pipeline.product);
    if (name === null) {
      log.add(at(place, 'pipeline.product'), 'package has no product name; skipped');
      return;
    }
    const alpine = dig(pipeline, 'aggregator', 'alpine');
    const base = text(pipeline.version);
    const update = text(pipeline.update);
    const provideTokens = rawTokens(dig(alpine, 'struct_raw', 'provide'));
    const component: SbomComponent = {
      ref: refs.claim(text(dig(item, 'ID')) ?? name),
      name,
      version:
        base !== null && update !== null && /^r\d+$/.test(update) ? `${base}-${update}` : base,
      arch: text(dig(alpine, 'arch')),
      origin: text(dig(alpine, 'parent')) ?? text(dig(item, 'aggregate', 'parent')),
      purl: null,
    };
    // An empty `depend` list is a fact too: the package needs nothing.
    const depend = dig(alpine, 'struct_raw', 'depend');
    if (depend !== undefined) component.depends = rawTokens(depend);
    const sonames = distinct(provideTokens.flatMap((t) => sonameOf(t) ?? []));
    if (sonames.length > 0) component.provides = sonames;
    const license = text(dig(item, 'aggregate', 'info', 'license'));
    if (license !== null) component.license = license;
    if (provideTokens.length > 0) component.provideTokens = provideTokens;
    document.components.push(component);
  });
  addEdgesFromDepends(document, providerMap(document));
}
