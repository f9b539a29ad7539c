import { isAlias, isMap, isScalar, isSeq, type Node, type Pair } from 'yaml';

/**
 * Reading a YAML document against the shape it must have, reporting each value that does not
 * fit at its node with its key path (`catalogue.features.frob.tokens[1]`). Values that do not
 * fit are left out of the result, so a caller can still look at the rest.
 */
export interface ShapeContext {
  /** The node an alias stands for; a non-alias is returned as it is; null for an unknown anchor. */
  resolve(node: Node): Node | null;
  report(node: Node | null, path: string, message: string): void;
}

export interface Shape<T> {
  /** What a fitting value is, for messages: "a list of names". */
  readonly what: string;
  read(node: Node | null, path: string, context: ShapeContext): T | undefined;
}

export type ShapeValue<S> = S extends Shape<infer T> ? T : never;

type Fields = Record<string, Shape<unknown>>;

/** What a node holds, for "must be X, not Y". */
function found(node: Node | null): string {
  if (node === null) return 'empty';
  if (isSeq(node)) return 'a list';
  if (isMap(node)) return 'a mapping';
  if (!isScalar(node)) return 'an unsupported YAML value';
  const value = node.value;
  if (value === null || value === undefined) return 'empty';
  if (typeof value === 'string') return value === '' ? 'an empty string' : 'a string';
  if (typeof value === 'number') return `a number (${String(value)})`;
  if (typeof value === 'boolean') return `${String(value)}`;
  return 'an unsupported YAML value';
}

/**
 * A shape from a check of the node's value: aliases are followed first, and one that names no
 * anchor is reported once, here.
 */
function shape<T>(
  what: string,
  check: (node: Node | null, path: string, context: ShapeContext) => T | undefined,
): Shape<T> {
  return {
    what,
    read(node, path, context) {
      if (node === null || !isAlias(node)) return check(node, path, context);
      const resolved = context.resolve(node);
      if (resolved !== null) return check(resolved, path, context);
      context.report(node, path, `the alias *${node.source} names no anchor`);
      return undefined;
    },
  };
}

function mismatch(node: Node | null, path: string, what: string, context: ShapeContext): undefined {
  context.report(node, path, `must be ${what}, not ${found(node)}`);
  return undefined;
}

export function text(what: string, options: { empty?: boolean } = {}): Shape<string> {
  return shape(what, (node, path, context) => {
    if (isScalar(node) && typeof node.value === 'string' && (options.empty || node.value))
      return node.value;
    return mismatch(node, path, what, context);
  });
}

export function number(what: string, min = -Infinity): Shape<number> {
  return shape(what, (node, path, context) => {
    if (isScalar(node) && typeof node.value === 'number' && Number.isFinite(node.value)) {
      if (node.value >= min) return node.value;
      context.report(node, path, `must be ${what}, not ${node.value}`);
      return undefined;
    }
    return mismatch(node, path, what, context);
  });
}

export function boolean(what: string): Shape<boolean> {
  return shape(what, (node, path, context) =>
    isScalar(node) && typeof node.value === 'boolean'
      ? node.value
      : mismatch(node, path, what, context),
  );
}

export function oneOf<T extends string>(values: readonly T[], what?: string): Shape<T> {
  const description = what ?? `one of ${values.join(', ')}`;
  return shape(description, (node, path, context) => {
    if (isScalar(node) && typeof node.value === 'string') {
      if ((values as readonly string[]).includes(node.value)) return node.value as T;
      context.report(node, path, `must be ${description}, not '${node.value}'`);
      return undefined;
    }
    return mismatch(node, path, description, context);
  });
}

/** The shape, or nothing at all (`tls:` with no value, `off: null`). */
export function nullable<T>(inner: Shape<T>): Shape<T | null> {
  return shape(`${inner.what} or nothing`, (node, path, context) =>
    node === null || (isScalar(node) && node.value === null)
      ? null
      : inner.read(node, path, context),
  );
}

/** The shape's value turned into another (a default for nothing, say). */
export function convert<T, U>(inner: Shape<T>, to: (value: T) => U): Shape<U> {
  return shape(inner.what, (node, path, context) => {
    const value = inner.read(node, path, context);
    return value === undefined ? undefined : to(value);
  });
}

/** A value checked further once its shape is right; `check` says what is wrong, or null. */
export function refine<T>(inner: Shape<T>, check: (value: T) => string | null): Shape<T> {
  return shape(inner.what, (node, path, context) => {
    const value = inner.read(node, path, context);
    if (value === undefined) return undefined;
    const problem = check(value);
    if (problem === null) return value;
    context.report(node, path, problem);
    return undefined;
  });
}

export function list<T>(item: Shape<T>, what: string): Shape<T[]> {
  return shape(what, (node, path, context) => {
    if (!isSeq(node)) return mismatch(node, path, what, context);
    const out: T[] = [];
    node.items.forEach((child, i) => {
      const read = item.read(child as Node | null, `${path}[${i}]`, context);
      if (read !== undefined) out.push(read);
    });
    return out;
  });
}

const join = (path: string, key: string): string => (path === '' ? key : `${path}.${key}`);

/** The keys of a mapping as names, each once; keys that are not plain names are reported. */
function* entries(
  map: { items: unknown[] },
  path: string,
  context: ShapeContext,
): Generator<{ key: string; keyNode: Node; value: Node | null }> {
  const seen = new Set<string>();
  for (const pair of map.items as Pair<Node | null, Node | null>[]) {
    const keyNode = pair.key !== null && isAlias(pair.key) ? context.resolve(pair.key) : pair.key;
    const key = isScalar(keyNode) ? keyNode.value : undefined;
    if (keyNode === null || (typeof key !== 'string' && typeof key !== 'number') || key === '') {
      context.report(keyNode ?? pair.key, path, 'a key must be a plain name');
      continue;
    }
    const name = String(key);
    if (seen.has(name)) {
      context.report(keyNode, join(path, name), 'is set twice: keep one');
      continue;
    }
    seen.add(name);
    yield { key: name, keyNode, value: pair.value };
  }
}

/** A mapping of any names to values of one shape; `checkKey` says what is wrong with a name. */
export function mapOf<T>(
  value: Shape<T>,
  what: string,
  checkKey: (key: string) => string | null = () => null,
): Shape<Record<string, T>> {
  return shape(what, (map, path, context) => {
    if (!isMap(map)) return mismatch(map, path, what, context);
    const out: [string, T][] = [];
    for (const { key, keyNode, value: child } of entries(map, path, context)) {
      const problem = checkKey(key);
      if (problem !== null) {
        context.report(keyNode, join(path, key), problem);
        continue;
      }
      const read = value.read(child, join(path, key), context);
      if (read !== undefined) out.push([key, read]);
    }
    // fromEntries defines own properties, so a key such as __proto__ stays a plain key.
    return Object.fromEntries(out);
  });
}

type RecordValue<F extends Fields, R extends keyof F> = {
  [K in Exclude<keyof F, R>]?: ShapeValue<F[K]>;
} & { [K in R]: ShapeValue<F[K]> };

/** A mapping with these keys only; `required` keys must be there for it to count. */
export function record<F extends Fields, R extends keyof F & string = never>(
  what: string,
  fields: F,
  required: readonly R[] = [],
): Shape<RecordValue<F, R>> {
  const known = Object.keys(fields);
  return shape(what, (map, path, context) => {
    if (!isMap(map)) return mismatch(map, path, what, context);
    const out: Record<string, unknown> = {};
    let complete = true;
    for (const { key, keyNode, value } of entries(map, path, context)) {
      if (!Object.hasOwn(fields, key)) {
        context.report(keyNode, join(path, key), `unknown key (known: ${known.join(', ')})`);
        continue;
      }
      const read = fields[key].read(value, join(path, key), context);
      if (read !== undefined) out[key] = read;
      else if ((required as readonly string[]).includes(key)) complete = false;
    }
    for (const key of required) {
      if (key in out || !complete) continue;
      context.report(map, path, `is missing ${key}: (${fields[key].what})`);
      complete = false;
    }
    return complete ? (out as RecordValue<F, R>) : undefined;
  });
}
