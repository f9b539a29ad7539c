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

export interface ExportSbomParams extends ResolveParams {
  /** cyclonedx (CycloneDX 1.6, the default) or spdx (SPDX 2.3 JSON). */
  format?: 'cyclonedx' | 'spdx';
}

export interface ExportSbomResult {
  /**
   * The JSON document: with packages (apkbuild.apkindex, apkbuild.sbom) the install closure of
   * what the buffer builds, else the build-pass origins. The same as `apkharden resolve
   * --format cyclonedx|spdx` writes for the same text.
   */
  text: string;
  /** The package the SBOM describes, for naming the exported file. */
  package: string;
  format: 'cyclonedx' | 'spdx';
  /** Set when the document is a prediction of what the text builds: what it rests on. */
  prediction: string | null;
}

export const ExportSbomRequest: RequestDefinition<ExportSbomParams, ExportSbomResult | null> = {
  method: 'apkbuild/exportSbom',
};

/** The CycloneDX form of `apkbuild/exportSbom`, kept for clients that call it by this name. */
export const ExportCycloneDxRequest: RequestDefinition<ResolveParams, ExportSbomResult | null> = {
  method: 'apkbuild/exportCycloneDx',
};

/** What the status bar shows for a file, and whether to offer to create a profile. */
export interface StatusResult {
  /** pkgname when it is known statically; names the rebuild folder and exported files. */
  package: string | null;
  /** Where the profile in use comes from: a file path, or `builtin:kubernetes`. */
  profile: string;
  /** The profile file that applies (found upward from the file, or set); null for a built-in. */
  profileFile: string | null;
  /** Removable options, makedepends and subpackages under that profile. */
  findings: number;
  /** Lint findings (apkbuild-lint codes and abuild checks). */
  lint: number;
  /**
   * The aports tree the server found the file in (apkbuild.aportsPath, or found upward from
   * the file) once it is loaded; null when none. Rebuild and compare use it for build passes.
   */
  aportsRoot: string | null;
}

export const StatusRequest: RequestDefinition<ResolveParams, StatusResult | null> = {
  method: 'apkbuild/status',
};

export interface FileStatusParams {
  /** An APKBUILD on disk by absolute path; the open document's text when the editor has it. */
  path: string;
}

/** `apkbuild/status` for any APKBUILD, open or not (the Hardening view lists a workspace's). */
export interface FileStatusResult {
  path: string;
  status: StatusResult | null;
  /** Why the file could not be analysed, naming it; null when it was. */
  error: string | null;
}

export const FileStatusRequest: RequestDefinition<FileStatusParams, FileStatusResult> = {
  method: 'apkbuild/fileStatus',
};
