/**
 * A deterministic mutation fuzzer over real APKBUILDs: byte flips, truncations, splices,
 * repeated slices and hostile snippets planted at top level or inside a function. The same
 * seed gives the same cases, so a failure can be replayed from its index.
 */

/** A small deterministic generator (mulberry32). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Inputs that made static evaluation or matching run away at some point, kept as fixed cases. */
export const ADVERSARIAL_INPUTS: Readonly<Record<string, string>> = {
  'self-feeding eval': `_e='_e2="$_e$_e"; eval "$_e2"'; eval "$_e"\n`,
  'eval of itself': `_e='eval "$_e"'; eval "$_e"\n`,
  'eval fanning out': `_e='eval "$_e"; eval "$_e"'; eval "$_e"\n`,
  'eval growing a value': `_a=x\n_e='_a="$_a$_a$_a$_a"; eval "$_e"'; eval "$_e"\n`,
  'backtracking case pattern': `_v=${'a'.repeat(48)}\ncase $_v in *a*a*a*a*a*a*a*a*a*a*a*b) _m=1;; esac\n`,
  'backtracking prefix removal': `_v=${'a'.repeat(48)}\n_w=\${_v##*a*a*a*a*a*a*a*a*a*a*a*b}\n`,
  'backtracking replacement': `_v=${'a'.repeat(2000)}\n_w=\${_v//*a*a*a*a*a*a*b/x}\n`,
  'recursion fanning out': `_f() { _f; _f; }\n_f\n`,
  'functions fanning out': `f() { g; g; g; g; g; g; g; g; }\ng() { h; h; h; h; h; h; h; h; }\nh() { _x="$_x$_x"; }\n_x=ab\nf; f; f; f\n`,
  'nested loops': `for a in 1 2 3 4 5 6 7 8 9 10; do for b in 1 2 3 4 5 6 7 8 9 10; do for c in 1 2 3 4 5 6 7 8 9 10; do for d in 1 2 3 4 5 6 7 8 9 10; do _x="$_x$a$b$c$d"; done; done; done; done\n`,
  'endless loop': `while true; do _n="$_n."; done\n`,
  'brace expansion': `_y={a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}\n`,
  'brace sequence': `_y=$(echo {1..10000000})\nfor i in {1..10000000}; do _z=$i; done\n`,
  'string doubling': `_x=aaaaaaaaaa\n${'_x="$_x$_x"\n'.repeat(40)}`,
  'replacement growth': `_x=${'a'.repeat(4000)}\n${'_x=${_x//a/aa}\n'.repeat(40)}`,
  'a 1 MB line': `pkgdesc="${'a'.repeat(1_000_000)}"\n`,
  '100,000 lines': Array.from({ length: 100_000 }, (_, i) => `_v${i}=${i}`).join('\n'),
  '100,000 appends':
    'makedepends=\n' +
    Array.from({ length: 100_000 }, (_, i) => `makedepends="$makedepends a${i}-dev"`).join('\n'),
  'a case of 5,000 branches': `case "$CARCH" in\n${Array.from({ length: 5000 }, (_, i) => `a${i}) _x=${i};;`).join('\n')}\nesac\n`,
  '5,000 functions called at top level': Array.from(
    { length: 5000 },
    (_, i) => `f${i}() { _y${i}=1; }\nf${i}`,
  ).join('\n'),
  'a meson call of 5,000 options': `build() {\nabuild-meson ${Array.from({ length: 5000 }, (_, i) => `-Dopt${i}=enabled`).join(' \\\n')} . output\n}\n`,
  'unknown conditions over many variables':
    Array.from({ length: 20_000 }, (_, i) => `_v${i}=${i}`).join('\n') +
    '\n' +
    Array.from({ length: 20_000 }, (_, i) => `[ "$CARCH" = a${i} ] && _v${i}=x`).join('\n'),
};

/** Snippets planted by the mutator: each is cheap alone and hostile when repeated or combined. */
const HOSTILE_SNIPPETS = [
  `_e='_e2="$_e$_e"; eval "$_e2"'; eval "$_e"`,
  `_e='eval "$_e"; eval "$_e"'; eval "$_e"`,
  `case $pkgname$pkgname$pkgname in *a*a*a*a*a*a*a*b) ;; esac`,
  '_w=${pkgdesc##*e*e*e*e*e*e*e*e*q}',
  '_x="$_x$_x$_x$_x"',
  '_f() { _f; _f; }; _f',
  'while true; do _n="$_n$pkgname"; done',
  'for i in {1..100000}; do _z="$_z$i"; done',
  'eval "$(echo x)"',
  'makedepends="$makedepends $makedepends"',
  'source="$source $source"',
  '_p=${pkgver//?/??}',
  '{a,b}{c,d}{e,f}{g,h}{i,j}{k,l}{m,n}',
];

/** One mutated copy of `text` (with `other` for splices). */
export function mutate(text: string, other: string, next: () => number): string {
  const at = (length: number) => Math.floor(next() * (length + 1));
  switch (Math.floor(next() * 6)) {
    case 0: {
      const chars = [...text];
      const flips = 1 + Math.floor(next() * 8);
      for (let f = 0; f < flips && chars.length > 0; f++)
        chars[Math.floor(next() * chars.length)] = String.fromCharCode(Math.floor(next() * 128));
      return chars.join('');
    }
    case 1:
      return text.slice(0, at(text.length));
    case 2: {
      const from = at(other.length);
      const point = at(text.length);
      return (
        text.slice(0, point) +
        other.slice(from, from + Math.floor(next() * 400)) +
        text.slice(point)
      );
    }
    case 3: {
      // A slice repeated many times: many lines, long lines, many appends.
      const from = at(text.length);
      const slice = text.slice(from, from + 1 + Math.floor(next() * 200));
      const times = 1 + Math.floor(next() * 2000);
      return text.slice(0, from) + slice.repeat(times) + text.slice(from);
    }
    default: {
      // Hostile snippets, planted on line starts (top level or inside a function body).
      const lines = text.split('\n');
      const count = 1 + Math.floor(next() * 4);
      for (let s = 0; s < count; s++) {
        const snippet = HOSTILE_SNIPPETS[Math.floor(next() * HOSTILE_SNIPPETS.length)];
        lines.splice(at(lines.length), 0, snippet.repeat(1 + Math.floor(next() * 3)));
      }
      return lines.join('\n');
    }
  }
}

/** `count` cases from `sources` (real files), the same for the same seed. */
export function* fuzzCases(
  sources: readonly string[],
  count: number,
  seed: number,
): Generator<{ index: number; text: string }> {
  const next = seededRandom(seed);
  const pick = () => sources[Math.floor(next() * sources.length)];
  for (let index = 0; index < count; index++) {
    let text = pick();
    const rounds = 1 + Math.floor(next() * 3);
    for (let r = 0; r < rounds; r++) text = mutate(text, pick(), next);
    yield { index, text };
  }
}
