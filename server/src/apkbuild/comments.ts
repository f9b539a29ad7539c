import type { Comment, Span } from './syntax';

export interface Person {
  role: 'maintainer' | 'contributor';
  name: string;
  email: string | null;
  range: Span;
}

export interface SecfixId {
  id: string;
  range: Span;
}

/** One version of a `# secfixes:` block and the vulnerabilities it fixed. */
export interface SecfixEntry {
  version: string;
  range: Span;
  ids: SecfixId[];
}

export interface SecfixesBlock {
  range: Span;
  entries: SecfixEntry[];
}

const PERSON = /^#\s*(Maintainer|Contributor):\s*(.*?)\s*(?:<([^>]*)>)?\s*$/;

export function readPeople(comments: readonly Comment[]): Person[] {
  const people: Person[] = [];
  for (const comment of comments) {
    if (!comment.text.includes('ainer:') && !comment.text.includes('utor:')) continue;
    const match = PERSON.exec(comment.text);
    if (!match) continue;
    people.push({
      role: match[1] === 'Maintainer' ? 'maintainer' : 'contributor',
      name: match[2],
      email: match[3] ?? null,
      range: { start: comment.start, end: comment.end },
    });
  }
  return people;
}

/** Reads `# secfixes:` blocks: consecutive comment lines of `version:` and `- ID` entries. */
export function readSecfixes(comments: readonly Comment[], source: string): SecfixesBlock[] {
  const blocks: SecfixesBlock[] = [];
  for (let i = 0; i < comments.length; i++) {
    const text = comments[i].text;
    if (!text.includes('secfixes') || !/^#\s*secfixes:\s*$/.test(text)) continue;
    const block: SecfixesBlock = {
      range: { start: comments[i].start, end: comments[i].end },
      entries: [],
    };
    for (
      let j = i + 1;
      j < comments.length && adjacent(source, comments[j - 1], comments[j]);
      j++
    ) {
      const comment = comments[j];
      const version = /^#\s+([^\s:-][^\s:]*):\s*$/.exec(comment.text);
      const ids = /^#\s+-\s+(.*)$/.exec(comment.text);
      if (version)
        block.entries.push({
          version: version[1],
          range: { start: comment.start, end: comment.end },
          ids: [],
        });
      else if (ids && block.entries.length > 0) {
        const listStart = comment.start + comment.text.length - ids[1].length;
        for (const match of ids[1].matchAll(/\S+/g)) {
          const start = listStart + match.index;
          block.entries[block.entries.length - 1].ids.push({
            id: match[0],
            range: { start, end: start + match[0].length },
          });
        }
      } else if (!/^#\s*$/.test(comment.text)) break;
      block.range.end = comment.end;
      i = j;
    }
    blocks.push(block);
  }
  return blocks;
}

/** The two comments sit on consecutive lines. */
function adjacent(source: string, a: Comment, b: Comment): boolean {
  const between = source.slice(a.end, b.start);
  return /^\r?\n[ \t]*$/.test(between);
}
