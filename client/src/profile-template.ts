/**
 * The commented `.apkharden.yaml` that "Create hardening profile" writes: every key of the
 * profile, set to what the built-in it extends already does, with a line on what each means,
 * so a packager edits values rather than looking up the format.
 */

/** The text of a new profile extending `base` (a built-in: kubernetes, minimal, none). */
export function profileTemplate(base: string): string {
  return `# Hardening profile for the APKBUILDs in this folder and below (apkbuild-hardening).
# The editor and \`apkharden check\` judge each build option, makedepend and subpackage
# against it, and offer to remove what the deployment does not need.

# The built-in profile this one starts from: kubernetes, minimal or none.
extends: ${base}

# Capabilities the platform already provides, and who provides them. Options that only
# bring these (TLS libraries, LDAP or SASL authentication, ...) are flagged for removal.
provided:
  tls: sidecar
  authentication: api-gateway

# Features this deployment never uses (for example lua, dbi, webdav, brotli, zstd).
unused: []

# Packages and features never to flag, even when a rule above would (for example pcre2).
keep: []

# Subpackages not to build (replaces the list of the profile extended).
subpackages:
  drop: [dbg, openrc]

# What is already installed in the base image; the install closure is counted on top of it.
reference: alpine-base

# Cost per dependency in the compare report: a price per component, a default for the rest,
# and a tax in percent.
prices:
  default: 1.0
  tax: 0
  packages: {}
`;
}
