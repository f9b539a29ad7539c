import type { WorkMeter } from './budget';
import type { FunctionDefinition } from './syntax';

/** A value static evaluation could not determine, with the reason shown to the user. */
export class Unknown {
  constructor(readonly reason: string) {}
}

export type Value = string | Unknown;

export function isUnknown(value: unknown): value is Unknown {
  return value instanceof Unknown;
}

export type FunctionBinding = FunctionDefinition | Unknown;

/**
 * Marks, in `vars`, a variable of `base` that was unset: it must not show through. Never
 * returned by get().
 */
const UNSET = new Unknown('unset');

const NO_BASE: ReadonlyMap<string, string> = new Map();

/**
 * Shell variables and functions during static evaluation. Variables live in `vars`, over a
 * shared, never changed `base` (the presets every file starts with: sharing them saves a copy
 * per file). A name in neither is unset; reading it yields `fallback(name)` (unset for
 * APKBUILD variables, unknown for what would come from the caller's environment).
 */
export class Environment {
  /** The evaluation's work counter, shared by its copies; null outside an evaluation. */
  meter: WorkMeter | null = null;

  constructor(
    private readonly vars: Map<string, Value>,
    readonly functions: Map<string, FunctionBinding>,
    public positional: Value[] | Unknown,
    /** Set once something changed variables in a way that cannot be followed. */
    public poisoned: Unknown | null,
    private readonly fallback: (name: string) => Unknown | undefined,
    private readonly base: ReadonlyMap<string, string> = NO_BASE,
  ) {}

  static create(
    presets: ReadonlyMap<string, string>,
    fallback: (name: string) => Unknown | undefined,
  ): Environment {
    return new Environment(new Map(), new Map(), [], null, fallback, presets);
  }

  /** The value, or undefined when the variable is known to be unset. */
  get(name: string): Value | undefined {
    const value = this.vars.get(name) ?? this.base.get(name);
    if (value !== undefined && value !== UNSET) return value;
    return this.poisoned ?? this.fallback(name);
  }

  /** The value when the variable is set (by the file or a preset), else undefined: no fallback. */
  valueIfSet(name: string): Value | undefined {
    const value = this.vars.get(name) ?? this.base.get(name);
    return value === UNSET ? undefined : value;
  }

  set(name: string, value: Value | undefined): void {
    if (value === undefined) this.unset(name);
    else this.vars.set(name, value);
  }

  /** Unsetting after poisoning still leaves the name unknown: it may have been unset already. */
  unset(name: string): void {
    if (this.poisoned) this.vars.set(name, this.poisoned);
    else if (this.base.has(name)) this.vars.set(name, UNSET);
    else this.vars.delete(name);
  }

  clone(): Environment {
    const positional = isUnknown(this.positional) ? this.positional : [...this.positional];
    const copy = new Environment(
      new Map(this.vars),
      new Map(this.functions),
      positional,
      this.poisoned,
      this.fallback,
      this.base,
    );
    copy.meter = this.meter;
    return copy;
  }

  /** How much a copy or a join of this state costs: the names it holds itself. */
  get size(): number {
    return this.vars.size + this.functions.size;
  }

  /** Every variable becomes unknown, including those not set yet. */
  poisonAll(reason: Unknown): void {
    for (const name of this.base.keys()) this.vars.set(name, reason);
    for (const name of this.vars.keys()) this.vars.set(name, reason);
    this.poisoned = reason;
  }

  /** Replaces this state by the join of the given alternatives: what differs becomes unknown. */
  joinFrom(alternatives: Environment[], reason: Unknown): void {
    const [first, ...others] = alternatives;
    if (!first) return;
    // Alternatives are clones of one state, so they share its base: only `vars` can differ.
    const vars = joinMaps(
      alternatives.map((env) => env.vars),
      (name) => {
        const value = first.get(name);
        if (!others.every((env) => sameValue(env.get(name), value))) return reason;
        return value === undefined && this.base.has(name) ? UNSET : value;
      },
    );
    const functions = joinMaps(
      alternatives.map((env) => env.functions),
      (name) => {
        const fn = first.functions.get(name);
        return others.every((env) => env.functions.get(name) === fn) ? fn : reason;
      },
    );
    const positional = first.positional;
    this.positional = others.every((env) => samePositional(env.positional, positional))
      ? positional
      : reason;
    this.poisoned = alternatives.find((env) => env.poisoned)?.poisoned ?? null;
    replaceContents(this.vars, vars);
    replaceContents(this.functions, functions);
  }
}

/** Joins maps name by name; computed apart from the inputs, one of which may be the target. */
function joinMaps<T>(
  maps: Map<string, T>[],
  join: (name: string) => T | undefined,
): Map<string, T> {
  const joined = new Map<string, T>();
  for (const map of maps) {
    for (const name of map.keys()) {
      if (joined.has(name)) continue;
      const value = join(name);
      if (value !== undefined) joined.set(name, value);
    }
  }
  return joined;
}

function replaceContents<T>(target: Map<string, T>, source: Map<string, T>): void {
  target.clear();
  for (const [name, value] of source) target.set(name, value);
}

function sameValue(a: Value | undefined, b: Value | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  if (isUnknown(a) || isUnknown(b)) return a === b;
  return a === b;
}

function samePositional(a: Value[] | Unknown, b: Value[] | Unknown): boolean {
  if (isUnknown(a) || isUnknown(b)) return a === b;
  return a.length === b.length && a.every((v, i) => sameValue(v, b[i]));
}
