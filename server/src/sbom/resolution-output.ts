/**
 * A resolution as text: the desired SBOM (bomresolver's form, one origin a line, `# pass N`
 * before each pass, why each origin is there as a trailing comment) and as JSON.
 */
import { desiredSbomText } from '../aports';
import { passOrigins, type PassOrigin } from './runtime-passes';
import type { PackageResolution } from './resolve-package';
import type { SecondaryMap } from './secondary-map';

function linksText(consumers: Record<string, string[]>): string {
  return Object.entries(consumers)
    .map(([consumer, sonames]) =>
      sonames.length ? `${consumer} (${sonames.join(' ')})` : consumer,
    )
    .join(', ');
}

/** `openssl  # lighttpd (libcrypto.so.3 libssl.so.3); alpine-base has apk-tools (...)`. */
function originLine(entry: PassOrigin, reference: string): string {
  let line = `${entry.origin}  # linked by ${linksText(entry.consumers)}`;
  if (Object.keys(entry.referenceConsumers).length > 0)
    line += `; in ${reference} also by ${linksText(entry.referenceConsumers)}`;
  return line;
}

/** The closure count as `apk add NAME` prints it, and what install_if adds beside it. */
export function closureCountText(resolution: PackageResolution): string | null {
  const { closure } = resolution;
  if (closure === null) return null;
  const extra = closure.installIfPackages.length;
  const total = closure.packages.length + extra;
  const triggered = closure.installIf.map((t) => `${t.name} (install_if ${t.condition})`);
  return extra === 0
    ? `apk add ${resolution.name} installs ${total} packages on ${referenceText(resolution)}`
    : `apk add ${resolution.name} installs ${total} packages on ${referenceText(resolution)}: ` +
        `${closure.packages.length} by dependency, ${extra} by install_if: ${triggered.join(', ')}`;
}

/** `alpine-base`, or `alpine-base and the 12 packages of the desired SBOM`. */
function referenceText(resolution: PackageResolution): string {
  const extra = resolution.referenceExtra.length;
  return extra === 0
    ? resolution.reference
    : `${resolution.reference} and the ${extra} packages of the desired SBOM`;
}

export function resolutionDesired(resolution: PackageResolution): string {
  const lines: string[] = [];
  const version = resolution.version === null ? '' : ` ${resolution.version}`;
  lines.push(
    `# ${resolution.name}${version}: ${resolution.mode} passes on ${referenceText(resolution)}`,
  );
  if (resolution.prediction !== null) lines.push(`# ${resolution.prediction.basis}`);
  const count = closureCountText(resolution);
  if (count !== null) lines.push(`# ${count}`);
  const { runtime, buildTools } = resolution;
  if (runtime !== null) {
    runtime.passes.forEach((pass, i) => {
      lines.push(`# pass ${i + 1}`);
      for (const entry of pass) lines.push(originLine(entry, referenceText(resolution)));
    });
    for (const entry of runtime.referenceOnly)
      lines.push(
        `# not for ${resolution.name}: ${entry.origin} is linked only by ${referenceText(resolution)}: ` +
          linksText(entry.referenceConsumers),
      );
    lines.push('# runtime');
    for (const [origin, consumers] of Object.entries(runtime.secondary))
      for (const [consumer, sonames] of Object.entries(consumers))
        lines.push(`# ${origin} ${consumer} ${sonames.join(' ')}`.trimEnd());
    return `${lines.join('\n')}\n`;
  }
  return `${lines.join('\n')}\n${desiredSbomText(buildTools?.passes ?? [])}`;
}

export function resolutionJson(
  resolution: PackageResolution,
  givenSecondary: SecondaryMap | null,
): Record<string, unknown> {
  const { runtime, buildTools, closure, prediction } = resolution;
  return {
    package: resolution.name,
    version: resolution.version,
    reference: resolution.reference,
    referenceExtra: resolution.referenceExtra,
    mode: resolution.mode,
    passes: (runtime ? passOrigins(runtime) : (buildTools?.passes ?? [])).map((origins, i) => ({
      pass: i + 1,
      origins,
    })),
    // Runtime mode: who links each origin of the passes (outside the reference, and inside).
    linkedBy: runtime
      ? Object.fromEntries(
          runtime.passes
            .flat()
            .map((p) => [p.origin, { consumers: p.consumers, reference: p.referenceConsumers }]),
        )
      : null,
    referenceOnly: runtime?.referenceOnly ?? [],
    secondary: runtime?.secondary ?? null,
    givenSecondary,
    buildTools: buildTools && {
      cycles: buildTools.cycles,
      unresolved: buildTools.unresolved,
      reasons: buildTools.reasons,
      unknown: buildTools.unknown,
    },
    closure: closure && {
      added: closure.packages.map((p) => p.name),
      installIf: closure.installIf,
      installIfAdded: closure.installIfPackages.map((p) => p.name),
      count: closure.packages.length + closure.installIfPackages.length,
      reference: resolution.referencePackages,
      installedSize: closure.installedSize,
      baseInstalledSize: closure.baseInstalledSize,
      unresolved: closure.unresolved,
      conflicts: closure.conflicts,
    },
    prediction: prediction && {
      basis: prediction.basis,
      droppedLibraries: prediction.dropped,
      droppedSubpackages: prediction.droppedSubpackages,
    },
    notes: resolution.notes,
  };
}
