/**
 * The seed's build passes (DESIGN.md §10): resolve the install closure of the desired set on
 * top of the reference image, take the secondary origins (libraries used from an aport whose
 * primary package is not installed), add their primary packages to the desired set and
 * resolve again. Each round's new origins are a pass: what must be built from source, in
 * order, for the package to be rebuilt without the distribution's binaries of those aports.
 *
 * An origin whose only consumers are packages of the reference image (openssl <- apk-tools,
 * libcap <- openrc) is the reference's own business: rebuilding the base image, not this
 * package. It is reported apart and not followed.
 */
import { installClosure, type Closure, type PackageIndex, type Unresolved } from './closure';
import { secondaryMap, untypedConsumersOf, type SecondaryMap } from './secondary-map';

export interface PassOrigin {
  origin: string;
  /** The primary packages that link it (outside the reference), with the sonames. */
  consumers: Record<string, string[]>;
  /** Consumers inside the reference image, shown but not the reason it is here. */
  referenceConsumers: Record<string, string[]>;
}

export interface RuntimePasses {
  passes: PassOrigin[][];
  /** Secondary origins that only the reference image's packages link. */
  referenceOnly: PassOrigin[];
  /** The runtime secondary map of the first round: the package's closure as installed. */
  secondary: SecondaryMap;
  /** Origins of the passes with no primary package in the index (cannot be followed). */
  noPrimary: string[];
  /** Dependencies no package of the index satisfies, over all rounds. */
  unresolved: Unresolved[];
}

export interface RuntimePassOptions {
  /** The reference image's packages (default `alpine-base`). */
  reference?: string | readonly string[];
  /** Stops a runaway walk; the seed case needs 4. */
  maxPasses?: number;
  /** The closure of the targets on the reference, when the caller has it: the first round. */
  closure?: Closure;
}

function split(
  consumers: Record<string, string[]>,
  inReference: ReadonlySet<string>,
): { own: Record<string, string[]>; reference: Record<string, string[]> } {
  const own: Record<string, string[]> = {};
  const reference: Record<string, string[]> = {};
  for (const [consumer, sonames] of Object.entries(consumers))
    (inReference.has(consumer) ? reference : own)[consumer] = sonames;
  return { own, reference };
}

/** The passes of `targets` (package names) against the index. */
export function runtimePasses(
  index: PackageIndex,
  targets: readonly string[],
  options: RuntimePassOptions = {},
): RuntimePasses {
  const reference = options.reference ?? 'alpine-base';
  const base = typeof reference === 'string' ? [reference] : [...reference];
  const untypedConsumers = untypedConsumersOf(index);
  const first = options.closure ?? installClosure(index, [...targets], { base });
  // Every round installs on the same reference: its packages are the first round's base.
  const inReference = new Set(first.base.map((p) => p.name));
  const result: RuntimePasses = {
    passes: [],
    referenceOnly: [],
    secondary: {},
    noPrimary: [],
    unresolved: [],
  };
  const placed = new Set<string>();
  const unresolvedSeen = new Set<string>();
  const desired = [...targets];
  const maxPasses = options.maxPasses ?? 64;
  for (let round = 0; round <= maxPasses; round++) {
    const closure = round === 0 ? first : installClosure(index, desired, { base });
    for (const u of closure.unresolved) {
      const key = `${u.token}\0${u.neededBy ?? ''}`;
      if (!unresolvedSeen.has(key)) result.unresolved.push(u);
      unresolvedSeen.add(key);
    }
    const secondary = secondaryMap(closure, { untypedConsumers });
    if (round === 0) result.secondary = secondary;
    const pass: PassOrigin[] = [];
    for (const [origin, consumers] of Object.entries(secondary)) {
      if (placed.has(origin)) continue;
      const { own, reference } = split(consumers, inReference);
      const entry = { origin, consumers: own, referenceConsumers: reference };
      if (Object.keys(own).length > 0) pass.push(entry);
      else if (round === 0) result.referenceOnly.push(entry);
    }
    if (pass.length === 0 || round === maxPasses) break;
    result.passes.push(pass);
    for (const { origin } of pass) {
      placed.add(origin);
      if (index.byName.has(origin)) desired.push(origin);
      else result.noPrimary.push(origin);
    }
  }
  result.referenceOnly = result.referenceOnly.filter((entry) => !placed.has(entry.origin));
  return result;
}

/** The origins of each pass, as the desired SBOM lists them. */
export function passOrigins(passes: RuntimePasses): string[][] {
  return passes.passes.map((pass) => pass.map((p) => p.origin));
}
