/**
 * Edges from apk dependency tokens: for formats that give each package its `D:` tokens but no
 * graph (an installed db, a bomresolver resolved document), each token is matched, the way
 * apk resolves it, against the package names and the `p:` provides of the same document.
 */
import { addEdge, type SbomDocument } from './model';

/** What a document's components provide: name, `so:` soname, `cmd:`, `/bin/sh`... -> refs. */
export type ProviderMap = Map<string, string[]>;

/** A provider map from each component's name, sonames and other provided names. */
export function providerMap(document: SbomDocument): ProviderMap {
  const map: ProviderMap = new Map();
  const add = (key: string, ref: string): void => {
    const refs = map.get(key);
    if (refs === undefined) map.set(key, [ref]);
    else if (!refs.includes(ref)) refs.push(ref);
  };
  for (const component of document.components) {
    add(component.name, component.ref);
    for (const soname of component.provides ?? []) add(`so:${soname}`, component.ref);
    for (const token of component.provideTokens ?? [])
      add(token.replace(/=.*$/, ''), component.ref);
  }
  return map;
}

/** `so:libz.so.1`, `pcre2>=10.4`, `!busybox` -> the name apk looks up (null for conflicts). */
function lookupName(token: string): string | null {
  if (token.startsWith('!')) return null;
  const match = /^([^<>=~]+)/.exec(token);
  return match ? match[1] : null;
}

/**
 * Adds an edge consumer -> provider for every depends token of every component that a
 * component of the document satisfies (the first provider when several do: apk would pick
 * one, and the edges only say that the consumer needs something from there).
 */
export function addEdgesFromDepends(document: SbomDocument, providers: ProviderMap): void {
  for (const component of document.components) {
    for (const token of component.depends ?? []) {
      const name = lookupName(token);
      const refs = name === null ? undefined : providers.get(name);
      const provider = refs?.find((ref) => ref !== component.ref);
      if (provider !== undefined) addEdge(document, component.ref, provider);
    }
  }
}
