import { CompletionItemKind, type CompletionItem } from 'vscode-languageserver';
import type { ApkbuildModel, BuildTool } from '../apkbuild';
import { BUILTIN_KNOWLEDGE_DATA, BuildKnowledge } from '../hardening';
import type { CompletionProvider } from './completion';

interface ValueFamily {
  type: string;
  values: { value: string; doc: string }[];
}

const MESON_FEATURE: ValueFamily = {
  type: 'meson feature option',
  values: [
    { value: 'enabled', doc: 'Required: the build fails if the dependency is missing.' },
    {
      value: 'disabled',
      doc: 'Off, whatever is installed: the explicit way to drop a dependency.',
    },
    {
      value: 'auto',
      doc: 'On when the dependency is found: a makedepend left installed brings it back.',
    },
  ],
};
const MESON_BOOLEAN: ValueFamily = {
  type: 'meson boolean option',
  values: [
    { value: 'true', doc: 'On.' },
    { value: 'false', doc: 'Off.' },
  ],
};
const CMAKE_BOOLEAN: ValueFamily = {
  type: 'cmake BOOL',
  values: [
    { value: 'ON', doc: 'On.' },
    { value: 'OFF', doc: 'Off: the explicit way to drop the dependency.' },
  ],
};
const AUTOCONF: ValueFamily = {
  type: 'autoconf switch',
  values: [
    { value: 'yes', doc: 'On.' },
    { value: 'no', doc: 'Off, the same as the --without-/--disable- form.' },
  ],
};

const FEATURE_WORDS = new Set(MESON_FEATURE.values.map((v) => v.value));
const BOOLEAN_WORDS = new Set(MESON_BOOLEAN.values.map((v) => v.value));

/** The meson family a whole value belongs to: `disabled` a feature, `false` a boolean. */
function familyOfValue(value: string | null): ValueFamily | null {
  if (value === null) return null;
  if (FEATURE_WORDS.has(value)) return MESON_FEATURE;
  if (BOOLEAN_WORDS.has(value)) return MESON_BOOLEAN;
  return null;
}

/**
 * The meson type of option `name` from what is known of it: the value it has elsewhere in the
 * file (another call, or the same one given twice), else the off spelling the build knowledge
 * records for the package (`-Dwith_zlib=disabled`), read only from entries that say where
 * their facts come from. Null when nothing tells.
 */
function knownMesonFamily(
  model: ApkbuildModel,
  name: string,
  here: { start: number },
  knowledge: BuildKnowledge,
): ValueFamily | null {
  for (const invocation of model.invocations) {
    if (invocation.tool !== 'meson') continue;
    for (const argument of invocation.arguments) {
      if (argument.range.start === here.start || argument.option?.prefix !== '-D') continue;
      if (argument.option.name !== name) continue;
      const family = familyOfValue(argument.option.value);
      if (family) return family;
    }
  }
  const pkgname = model.value('pkgname');
  const facts = knowledge.of(pkgname?.known ? pkgname.value : null);
  if (facts.source === undefined) return null;
  const off = facts.options?.[name]?.off;
  const spelled = off ? /^-D([\w.-]+)=(\S+)$/.exec(off) : null;
  return spelled && spelled[1] === name ? familyOfValue(spelled[2]) : null;
}

/** The value families an option takes, from its tool, the value typed and what is known of it. */
function familiesFor(
  tool: BuildTool,
  current: string,
  known: () => ValueFamily | null,
): ValueFamily[] {
  if (tool === 'configure') return [AUTOCONF];
  if (tool === 'cmake') return [CMAKE_BOOLEAN];
  // The value typed so far tells the type (`en` is a feature, `t` a boolean).
  const matching = [MESON_FEATURE, MESON_BOOLEAN].filter((f) =>
    f.values.some((v) => v.value.startsWith(current)),
  );
  if (current !== '' && matching.length > 0) return matching;
  // Nothing typed: what the file or the build knowledge says of the option; else both
  // families, each labelled, since meson_options.txt is not at hand.
  const family = known();
  return family ? [family] : [MESON_FEATURE, MESON_BOOLEAN];
}

const OPTION_WITH_VALUE = /^(-D[A-Za-z_][\w.-]*(?::[A-Za-z]+)?=|--(?:with|enable)-[\w-]+=)(.*)$/s;

/**
 * After `-Dname=` (or `--with-x=`) in a meson, cmake or configure call: the values of its type.
 * `knowledge` is the build knowledge of the profile (the built-in one by default).
 */
export function optionValueProvider(knowledge: BuildKnowledge): CompletionProvider {
  return ({ model, offset, context }) => optionValueItems(model, offset, context, knowledge);
}

const BUILTIN_KNOWLEDGE = new BuildKnowledge(BUILTIN_KNOWLEDGE_DATA);

/** optionValueProvider with the built-in build knowledge. */
export const optionValues: CompletionProvider = optionValueProvider(BUILTIN_KNOWLEDGE);

function optionValueItems(
  model: ApkbuildModel,
  offset: number,
  context: Parameters<CompletionProvider>[0]['context'],
  knowledge: BuildKnowledge,
): CompletionItem[] {
  if (context.kind !== 'other') return [];
  const match = OPTION_WITH_VALUE.exec(context.prefix);
  if (!match) return [];
  const invocation = model.invocations.find(
    (i) => i.range.start <= offset && offset <= i.range.end,
  );
  if (!invocation) return [];
  const argument = invocation.arguments.find(
    (a) => a.range.start <= offset && offset <= a.range.end,
  );
  const current = argument?.option?.value ?? '';
  const optionName = argument?.option?.prefix === '-D' ? argument.option.name : null;
  const start = context.replace.start + match[1].length;
  const range = {
    start: model.lines.positionAt(start),
    end: model.lines.positionAt(context.replace.end),
  };
  const items: CompletionItem[] = [];
  const known = () =>
    optionName !== null && argument
      ? knownMesonFamily(model, optionName, argument.range, knowledge)
      : null;
  for (const family of familiesFor(invocation.tool, current, known)) {
    for (const { value, doc } of family.values) {
      items.push({
        label: value,
        kind: CompletionItemKind.EnumMember,
        detail: family.type,
        documentation: doc,
        textEdit: { range, newText: value },
        filterText: value,
      });
    }
  }
  return items;
}
