/**
 * Custom requests of the APKBUILD language server, defined once: the server handles them and
 * the VS Code client (or any client) sends them with these types.
 */

/** A request: its method name with the types of its params and result (no runtime import). */
export interface RequestDefinition<P, R> {
  method: string;
  /** Type carriers only: never read at run time. */
  params?: P;
  result?: R;
}

export interface ResolveParams {
  textDocument: { uri: string };
}

/** What the file needs built from source and, with an APKINDEX, what it installs. */
export interface ResolveResult {
  package: string | null;
  /** The aports tree the passes come from; null when the file is not in (or near) one. */
  aportsRoot: string | null;
  /** Origins to build from source, level by level, down to the reference image. */
  passes: string[][];
  cycles: string[][];
  unresolved: { name: string; neededBy: string }[];
  /** With the apkbuild.apkindex setting: the packages `apk add` installs on top of the reference. */
  closure: { added: string[]; whole: string[]; installedSize: number } | null;
  /** bomresolver's secondary map: origin -> consumer -> sonames. */
  secondary: Record<string, Record<string, string[]>> | null;
  /** Why something is missing: no aports tree, the tree still loading, no index. */
  notes: string[];
}

export const ResolveRequest: RequestDefinition<ResolveParams, ResolveResult | null> = {
  method: 'apkbuild/resolve',
};

export interface DesiredSbomResult {
  /** bomresolver's desired SBOM: one origin a line, a `# pass N` comment before each pass. */
  text: string;
}

export const DesiredSbomRequest: RequestDefinition<ResolveParams, DesiredSbomResult | null> = {
  method: 'apkbuild/desiredSbom',
};
