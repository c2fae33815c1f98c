import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { callStateTableMarkdown } from './stateTable';

test("the README's state table is the code's transition table", () => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  expect(readme).toContain(callStateTableMarkdown());
});

/**
 * docs/parity.md proves each row with a test, named as `short › "title"` (short names are listed at the top of
 * the document) or `` `path` › "title" ``; further titles after `;` belong to the same file. Every title must be a
 * test, a describe block or a table case of that file (a title may be cut short with `…`).
 */
test('every test docs/parity.md names exists in the file it names', () => {
  const root = new URL('../../../', import.meta.url);
  const doc = readFileSync(new URL('docs/parity.md', root), 'utf8');
  const files = new Map([...doc.matchAll(/^\| (\w+) \| `([^`]+)` \|$/gm)].map(([, short, path]) => [short, path] as const));
  const sources = new Map<string, string>();
  const source = (path: string) => {
    if (!sources.has(path)) sources.set(path, readFileSync(new URL(path, root), 'utf8').replace(/\\'/g, "'").replace(/’/g, "'"));
    return sources.get(path) as string;
  };
  const missing: string[] = [];
  let checked = 0;
  for (const row of doc.split('\n').filter((line) => line.startsWith('| ') && line.includes('›'))) {
    let file: string | undefined;
    for (const [, short, path, title] of row.matchAll(/(?:\b(\w+)(?:, \w+)* › |`([^`]+\.test\.tsx?)` › )?"([^"]+)"/g)) {
      if (short) file = files.get(short);
      if (path) file = path;
      if (!file) continue;
      const start = (title as string).replace(/’/g, "'").replace(/\s*….*$/, '');
      checked++;
      if (!new RegExp(`['"\`]${escapeRegExp(start)}`).test(source(file))) missing.push(`${file}: "${title}"`);
    }
  }
  expect(missing).toEqual([]);
  expect(checked).toBeGreaterThan(100);
});

test('every row of the reference tables in docs/parity.md names a test or says why not', () => {
  const doc = readFileSync(new URL('../../../docs/parity.md', import.meta.url), 'utf8');
  const tables = doc.slice(doc.indexOf('## Twilio'));
  const rows = tables.split('\n').filter((line) => line.startsWith('| ') && !line.startsWith('| ---'));
  const unproved = rows
    .map((line) => line.slice(2, -2).split(' | '))
    .filter(([reference]) => !['Twilio', 'Telnyx', 'Call Control', 'Voximplant'].includes(reference as string))
    .filter(([, handset, , test]) => {
      // A test named, a pointer to a row above that names one, or a reason the feature is not here.
      const proved = /›|^as |unsupported tests/.test(test ?? '');
      return !proved && !/server-side|not offered/.test(handset ?? '');
    })
    .map((cells) => cells[0]);
  expect(rows.length).toBeGreaterThan(150);
  expect(unproved).toEqual([]);
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
