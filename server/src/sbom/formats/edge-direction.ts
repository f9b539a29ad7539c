/**
 * Finds dependency graphs written backwards: `{ ref: musl, dependsOn: [busybox, ...] }`, the
 * library pointing at what uses it. syft and grype wrote them so when they re-encoded a
 * CycloneDX input (anchore/syft#1815, fixed in #1816, 2023-05), and syft still does where a
 * cataloger records its relationships the wrong way round (anchore/syft#5125). The edges
 * themselves cannot say which way they run, but apk packages can, from three facts that hold:
 *
 *   - the C library (musl, or whatever provides `libc.musl-*.so.1`) depends on nothing;
 *   - the document's root (the image, the APKBUILD's package) is the first consumer, never a
 *     provider;
 *   - a component's own apk depends tokens name what it needs.
 *
 * Every edge these facts can judge is a vote; when the votes against the written direction
 * outnumber those for it, the graph is reversed.
 */
import type { SbomComponent, SbomDocument } from './model';

export interface DirectionVerdict {
  /** Edges the facts agree with as written, and edges they say run the other way. */
  forward: number;
  backward: number;
  /** What showed the backward direction, for the problem message; empty when forward. */
  evidence: string[];
}

function isLibc(component: SbomComponent | undefined): boolean {
  if (component === undefined) return false;
  return (
    component.name === 'musl' ||
    (component.provides ?? []).some((soname) => /^libc\.musl-[\w-]+\.so\.1$/.test(soname))
  );
}

/** True when `consumer`'s depends tokens name `provider` (by name or a soname it provides). */
function names(consumer: SbomComponent | undefined, provider: SbomComponent | undefined): boolean {
  if (consumer?.depends === undefined || provider === undefined) return false;
  const wanted = new Set([provider.name, ...(provider.provides ?? []).map((s) => `so:${s}`)]);
  return consumer.depends.some((token) => wanted.has(token.replace(/^!?([^<>=~]+).*$/, '$1')));
}

function count(n: number, what: string): string {
  return `${n} ${what}${n === 1 ? '' : 's'}`;
}

function label(component: SbomComponent): string {
  return component.version === null ? component.name : `${component.name}@${component.version}`;
}

export function judgeDirection(document: SbomDocument): DirectionVerdict {
  let forward = 0;
  let backward = 0;
  const libcConsumers = new Map<SbomComponent, number>();
  let rootAsProvider = 0;
  let dependsBackward = 0;
  const root = document.root ?? null;
  const byRef = new Map(document.components.map((c) => [c.ref, c]));
  for (const [consumerRef, providerRefs] of document.dependsOn) {
    const consumer = byRef.get(consumerRef);
    for (const providerRef of providerRefs) {
      const provider = byRef.get(providerRef);
      if (isLibc(provider)) forward++;
      if (isLibc(consumer) && consumer !== undefined) {
        backward++;
        libcConsumers.set(consumer, (libcConsumers.get(consumer) ?? 0) + 1);
      }
      if (consumerRef === root) forward++;
      if (providerRef === root) {
        backward++;
        rootAsProvider++;
      }
      if (names(consumer, provider)) forward++;
      if (names(provider, consumer)) {
        backward++;
        dependsBackward++;
      }
    }
  }
  const evidence: string[] = [];
  if (backward > forward) {
    for (const [libc, n] of libcConsumers) {
      evidence.push(`the C library ${label(libc)} depends on ${count(n, 'component')}`);
    }
    if (rootAsProvider > 0) {
      evidence.push(
        `${count(rootAsProvider, 'component')} depend${rootAsProvider === 1 ? 's' : ''} on the root`,
      );
    }
    if (dependsBackward > 0) {
      evidence.push(`${count(dependsBackward, 'edge')} against the components' own apk depends`);
    }
  }
  return { forward, backward, evidence };
}

/** Turns every edge around, keeping the order in which consumers appear. */
export function reverseEdges(document: SbomDocument): void {
  const reversed = new Map<string, string[]>();
  for (const [consumer, providers] of document.dependsOn) {
    for (const provider of providers) {
      const list = reversed.get(provider);
      if (list === undefined) reversed.set(provider, [consumer]);
      else if (!list.includes(consumer)) list.push(consumer);
    }
  }
  document.dependsOn = reversed;
}
