import { describe, expect, it } from 'vitest';
import { profileTemplate } from '../../client/src/profile-template';
import { parseProfileYaml, resolveProfile } from '../../server/src/hardening';

describe('the profile "Create hardening profile" writes', () => {
  for (const base of ['kubernetes', 'minimal', 'none'])
    it(`is a valid profile extending ${base}, with a comment before every key`, () => {
      const text = profileTemplate(base);
      const parsed = parseProfileYaml(text);
      expect(parsed.diagnostics).toEqual([]);
      expect(parsed.spec.extends).toBe(base);
      const lines = text.split('\n');
      for (const [i, line] of lines.entries())
        if (/^[a-z]+:/.test(line)) expect(lines[i - 1], `no comment above ${line}`).toMatch(/^#/);
    });

  it('states the kubernetes deployment: TLS at a sidecar, auth at the gateway, no dbg or openrc', () => {
    const profile = resolveProfile(
      parseProfileYaml(profileTemplate('kubernetes')).spec,
      '/w/.apkharden.yaml',
    );
    expect(Object.fromEntries(profile.provided)).toEqual({
      tls: 'sidecar',
      authentication: 'api-gateway',
    });
    expect([...profile.dropSubpackages].sort()).toEqual(['dbg', 'openrc']);
    expect(profile.reference).toBe('alpine-base');
    expect(profile.prices).toEqual({ default: 1, tax: 0, packages: {} });
  });
});
