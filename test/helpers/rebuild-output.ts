import { expect } from 'vitest';

/** The lines a step printed: from its `==> [variant] step` line to the next `==> ` line. */
export function stepLines(stdout: string, header: string): string[] {
  const lines = stdout.split('\n');
  const start = lines.indexOf(header);
  expect(start, `no line '${header}'`).toBeGreaterThanOrEqual(0);
  const end = lines.findIndex((line, i) => i > start && line.startsWith('==> '));
  return lines.slice(start + 1, end);
}

/**
 * The network interfaces the stand-in abuild saw (it lists /sys/class/net) in the step that
 * starts at `header`: one list per time it printed them.
 */
export function interfacesIn(stdout: string, header: string, pkgname: string): string[][] {
  const prefix = `>>> ${pkgname}: network interfaces: `;
  return stepLines(stdout, header)
    .filter((line) => line.startsWith(prefix))
    .map((line) => line.slice(prefix.length).trim().split(' '));
}
