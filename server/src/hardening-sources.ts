import type { AportsIndex } from './aports';
import type { SbomInput } from './hardening';
import {
  broughtInByIndex,
  broughtInByTree,
  combineBroughtIn,
  installClosure,
  type BroughtIn,
  type PackageIndex,
} from './sbom';

/**
 * What the analyzer learns from an APKINDEX and an aports tree, for the CLI and the server
 * alike: which build dependencies bring which (so a makedepend another one brings is not
 * reported as removable), and which of a profile's packages need a given origin.
 */
export class HardeningSources {
  private readonly brought: BroughtIn | undefined;
  private readonly needers = new Map<string, string[]>();

  constructor(
    readonly index: PackageIndex | null,
    readonly tree: AportsIndex | null,
  ) {
    const sources = [
      ...(index ? [broughtInByIndex(index)] : []),
      ...(tree ? [broughtInByTree(tree)] : []),
    ];
    this.brought = sources.length > 0 ? combineBroughtIn(sources) : undefined;
  }

  /** The SBOM input for one file, judged against a profile that may name its packages. */
  sbomInput(packages: ReadonlySet<string> | null): SbomInput {
    const input: SbomInput = {};
    if (this.brought) input.broughtIn = this.brought;
    if (packages && (this.index || this.tree))
      input.neededBy = (origin) => [...packages].filter((p) => this.needs(p).includes(origin));
    return input;
  }

  /** Origins a package needs: its install closure (index) and its build dependencies (tree). */
  private needs(pkg: string): string[] {
    let found = this.needers.get(pkg);
    if (found) return found;
    const origins = new Set<string>();
    if (this.index)
      for (const p of installClosure(this.index, [pkg]).packages) origins.add(p.origin);
    const entry = this.tree?.entry(pkg);
    if (this.tree && entry) {
      const lists = [entry.makedepends, entry.depends];
      for (const list of lists)
        if (list.known)
          for (const name of list.value) {
            const origin = this.tree.originOf(name);
            if (origin) origins.add(origin);
          }
    }
    found = [...origins];
    this.needers.set(pkg, found);
    return found;
  }
}
