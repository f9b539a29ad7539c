import { CompletionItemKind, type CompletionItem } from 'vscode-languageserver';
import type { BuildTool } from '../apkbuild';
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

/** The value families an option takes, from its tool and the value it already has. */
function familiesFor(tool: BuildTool, current: string): ValueFamily[] {
  if (tool === 'configure') return [AUTOCONF];
  if (tool === 'cmake') return [CMAKE_BOOLEAN];
  // The value typed so far tells the type (`en` is a feature, `t` a boolean); nothing typed yet
  // leaves both families, each labelled, since meson_options.txt is not at hand.
  const matching = [MESON_FEATURE, MESON_BOOLEAN].filter((f) =>
    f.values.some((v) => v.value.startsWith(current)),
  );
  if (matching.length > 0) return matching;
  return [MESON_FEATURE, MESON_BOOLEAN];
}

const OPTION_WITH_VALUE = /^(-D[A-Za-z_][\w.-]*(?::[A-Za-z]+)?=|--(?:with|enable)-[\w-]+=)(.*)$/s;

/** After `-Dname=` (or `--with-x=`) in a meson, cmake or configure call: the values of its type. */
export const optionValues: CompletionProvider = ({ model, offset, context }) => {
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
  const start = context.replace.start + match[1].length;
  const range = {
    start: model.lines.positionAt(start),
    end: model.lines.positionAt(context.replace.end),
  };
  const items: CompletionItem[] = [];
  for (const family of familiesFor(invocation.tool, current)) {
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
};
