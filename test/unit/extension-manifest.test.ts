import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/paths';

interface Manifest {
  icon: string;
  activationEvents: string[];
  capabilities: {
    untrustedWorkspaces: { supported: string | boolean; restrictedConfigurations: string[] };
  };
  contributes: {
    commands: { command: string; title: string; category: string; enablement?: string }[];
    grammars: { language: string; scopeName: string; path: string }[];
    taskDefinitions: { type: string; required: string[]; properties: Record<string, unknown> }[];
    problemPatterns: { name: string; regexp: string; file: number; message: number }[];
    problemMatchers: { name: string; owner: string; pattern: string }[];
    viewsContainers: { activitybar: { id: string; title: string; icon: string }[] };
    views: Record<string, { id: string; name: string }[]>;
    walkthroughs: {
      id: string;
      steps: {
        id: string;
        description: string;
        media: { markdown: string };
        completionEvents: string[];
      }[];
    }[];
  };
}

const manifest = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as Manifest;

describe('the extension manifest', () => {
  it('contributes the commands agreed with the e2e tests, under the APKBUILD category', () => {
    expect(manifest.contributes.commands.map((c) => [c.command, c.category, c.title])).toEqual([
      ['apkbuild.rebuild', 'APKBUILD', 'Rebuild original and hardened'],
      ['apkbuild.compare', 'APKBUILD', 'Compare'],
      ['apkbuild.applyAllFixes', 'APKBUILD', 'Apply all hardening fixes'],
      [
        'apkbuild.applyAllFixesRemoving',
        'APKBUILD',
        'Apply all hardening fixes, removing the options',
      ],
      ['apkbuild.showDesiredSbom', 'APKBUILD', 'Show desired SBOM'],
      ['apkbuild.exportCycloneDx', 'APKBUILD', 'Export CycloneDX'],
      ['apkbuild.exportSpdx', 'APKBUILD', 'Export SPDX'],
      ['apkbuild.createProfile', 'APKBUILD', 'Create hardening profile'],
      ['apkbuild.restartServer', 'APKBUILD', 'Restart server'],
      ['apkbuild.refreshHardeningView', 'APKBUILD', 'Refresh'],
    ]);
  });

  it('has every contributed command registered by the client', () => {
    const sources = ['commands.ts', 'extension.ts'].map((f) =>
      readFileSync(join(repoRoot, 'client/src', f), 'utf8'),
    );
    for (const { command } of manifest.contributes.commands)
      expect(sources.some((s) => s.includes(`'${command}'`))).toBe(true);
  });

  it('builds nothing in an untrusted workspace', () => {
    const trusted = manifest.contributes.commands.filter(
      (c) => c.enablement === 'isWorkspaceTrusted',
    );
    expect(trusted.map((c) => c.command)).toEqual(['apkbuild.rebuild', 'apkbuild.compare']);
    expect(manifest.capabilities.untrustedWorkspaces.supported).toBe('limited');
    expect(manifest.capabilities.untrustedWorkspaces.restrictedConfigurations).toEqual(
      expect.arrayContaining(['apkbuild.containerEngine', 'apkbuild.image', 'apkbuild.profile']),
    );
  });

  it('declares the apkbuild task type and an $abuild matcher for abuild error lines', () => {
    const [definition] = manifest.contributes.taskDefinitions;
    expect(definition.type).toBe('apkbuild');
    expect(definition.required).toEqual(['task', 'file']);
    expect(Object.keys(definition.properties)).toEqual(['task', 'file', 'variant']);
    const [pattern] = manifest.contributes.problemPatterns;
    const match = new RegExp(pattern.regexp).exec('>>> ERROR: lighttpd: build failed');
    expect([match?.[pattern.file], match?.[pattern.message]]).toEqual(['lighttpd', 'build failed']);
    // A task clears the markers of its matcher's owner when it starts: an owner equal to the
    // language client's id ('apkbuild', its diagnostic collection) wiped every finding.
    expect(manifest.contributes.problemMatchers[0]).toMatchObject({
      name: 'abuild',
      owner: 'abuild',
      pattern: '$abuild',
    });
    const client = readFileSync(join(repoRoot, 'client/src/ctx.ts'), 'utf8');
    expect(client).toMatch(/const CLIENT_ID = 'apkbuild'/);
  });

  it('puts a Hardening container in the activity bar with the views the client provides', () => {
    const [container] = manifest.contributes.viewsContainers.activitybar;
    expect(container).toEqual({
      id: 'apkbuild-hardening',
      title: 'Hardening',
      icon: 'media/hardening-view.svg',
    });
    expect(existsSync(join(repoRoot, container.icon))).toBe(true);
    const views = manifest.contributes.views[container.id].map((v) => v.id);
    expect(views).toEqual(['apkbuild.aports', 'apkbuild.activeAport']);
    const extension = readFileSync(join(repoRoot, 'client/src/extension.ts'), 'utf8');
    for (const id of views) expect(extension).toContain(`createTreeView('${id}'`);
  });

  it('walks a packager through index, profile, fix, rebuild and compare, each step a button', () => {
    const [walkthrough] = manifest.contributes.walkthroughs;
    expect(walkthrough.id).toBe('harden');
    expect(walkthrough.steps.map((s) => s.id)).toEqual([
      'setIndex',
      'writeProfile',
      'fix',
      'rebuild',
      'compare',
    ]);
    const commands = new Set(manifest.contributes.commands.map((c) => c.command));
    for (const step of walkthrough.steps) {
      expect(existsSync(join(repoRoot, step.media.markdown))).toBe(true);
      // A link alone on its line is drawn as a button: a contributed command, or a setting.
      const button = /\n\[[^\]]+\]\(command:([\w.]+)/.exec(step.description)?.[1];
      expect(button === 'workbench.action.openSettings' || commands.has(button!)).toBe(true);
      for (const event of step.completionEvents) {
        const [kind, subject] = event.split(':');
        if (kind === 'onCommand') expect(commands.has(subject)).toBe(true);
        else expect(event).toBe('onSettingChanged:apkbuild.apkindex');
      }
    }
  });

  it('contributes the grammar scripts/build.mjs writes', () => {
    expect(manifest.contributes.grammars).toEqual([
      {
        language: 'apkbuild',
        scopeName: 'source.apkbuild',
        path: './syntaxes/apkbuild.tmLanguage.json',
      },
    ]);
  });

  it('packs only the bundles, grammar, media, server data, the code pages and the manifest (vsce ls)', () => {
    const listed = execFileSync(
      process.execPath,
      [join(repoRoot, 'node_modules/@vscode/vsce/vsce'), 'ls', '--no-dependencies'],
      { cwd: repoRoot, encoding: 'utf8' },
    )
      .split('\n')
      .filter((line) => line !== '')
      .sort();
    const allowed =
      /^(package\.json|README\.md|LICENSE|language-configuration\.json|client\/out\/extension\.js|server\/out\/[^/]+\.js|server\/data\/.+|syntaxes\/[^/]+\.json|media\/.+|docs\/codes\/[^/]+\.md)$/;
    expect(listed.filter((f) => !allowed.test(f))).toEqual([]);
    expect(listed).toEqual(
      expect.arrayContaining([
        'client/out/extension.js',
        'server/out/server.js',
        'server/out/cli.js',
        // Started by the server and the CLI when they index an aports tree.
        'server/out/read-ahead-worker.js',
        'syntaxes/apkbuild.tmLanguage.json',
        'media/compare-view.js',
        'media/compare-view.css',
        'media/hardening-view.svg',
        'media/walkthrough/set-index.md',
        // The pages diagnostics link to (codeDescription).
        'docs/codes/harden-removable-option.md',
        manifest.icon,
      ]),
    );
  });
});
