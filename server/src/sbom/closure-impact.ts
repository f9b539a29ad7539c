import { sonameMatches } from '../hardening/catalogue';
import { installClosure, type PackageIndex } from './closure';
import { withoutSonames } from './runtime-map';

/**
 * For the analyzer's evidence: the packages `apk add <package>` would no longer install (on top
 * of `base`) once the package stops linking the sonames that match the given patterns. This is
 * how a hardened build's closure is known before anything is rebuilt.
 */
export function closureImpact(
  index: PackageIndex,
  packageName: string,
  base: readonly string[],
): (sonamePatterns: readonly string[]) => string[] {
  const pkg = index.byName.get(packageName)?.[0];
  if (!pkg) return () => [];
  const before = new Set(
    installClosure(index, [packageName], { base: [...base] }).packages.map((p) => p.name),
  );
  const linked = pkg.depends.filter((d) => d.name.startsWith('so:')).map((d) => d.name.slice(3));
  return (patterns) => {
    const removed = linked.filter((soname) => patterns.some((p) => sonameMatches(p, soname)));
    if (removed.length === 0) return [];
    const after = installClosure(withoutSonames(index, packageName, removed), [packageName], {
      base: [...base],
    });
    const kept = new Set(after.packages.map((p) => p.name));
    return [...before].filter((name) => !kept.has(name)).sort();
  };
}
