import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { callStateTableMarkdown } from './stateTable';
import { type DeclaredTest, declaredTests } from './testTitles';

test("the README's state table is the code's transition table", () => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  expect(readme).toContain(callStateTableMarkdown());
});

/**
 * docs/parity.md proves each row with tests, cited as `short › "full title"` (short names are listed at the top of the
 * document) or `` `path` › "full title" ``; further titles after `;` belong to the same file. A title is a test's, a
 * describe block's, a table case's as Vitest prints it, or `describe title > test title`; it is never cut short.
 * The row's feature is the identifier its handset column starts with (the last name of the first code span:
 * `call.accept({ … })` is `accept`), and it must appear in the source of every test the row cites.
 */
const root = new URL('../../../', import.meta.url);
const doc = readFileSync(new URL('docs/parity.md', root), 'utf8');
const files = new Map([...doc.matchAll(/^\| (\w+) \| `([^`]+)` \|$/gm)].map(([, short, path]) => [short as string, path as string]));
const sources = new Map<string, DeclaredTest[]>();
const testsIn = (path: string): DeclaredTest[] => {
  if (!sources.has(path)) sources.set(path, declaredTests(readFileSync(new URL(path, root), 'utf8')));
  return sources.get(path) as DeclaredTest[];
};
const quotes = (text: string) => text.replace(/[’‘]/g, "'");

interface Citation {
  readonly file: string;
  readonly title: string;
}

/** The citations in one cell or line of text; problems (a title without a file, a cut title, a `›` without a title) are returned. */
function citations(text: string): { cited: Citation[]; problems: string[] } {
  const cited: Citation[] = [];
  const problems: string[] = [];
  let file: string | undefined;
  for (const [whole, short, path, title] of text.matchAll(/(?:\b(\w+) › |`([^`]+\.test\.tsx?)` › )?"([^"]+)"/g)) {
    if (short) file = files.get(short) ?? `unknown short name ${short}`;
    if (path) file = path;
    if (!file) problems.push(`no file for ${whole}`);
    else if (title?.includes('…')) problems.push(`${file}: cut title "${title}"`);
    else cited.push({ file, title: title as string });
  }
  // Every › must open a quoted title: "short › recovery tests" proves nothing.
  for (const [bare] of text.matchAll(/›(?! ")[^;|]*/g)) problems.push(`a citation without a quoted title: ${bare}`);
  return { cited, problems };
}

/** The declared tests a citation names: by full title, then by own title; more than one is ambiguous. */
function resolve({ file, title }: Citation): DeclaredTest | string {
  let declared: DeclaredTest[];
  try {
    declared = testsIn(file);
  } catch {
    return `${file} does not exist`;
  }
  const wanted = quotes(title);
  const byFull = declared.filter((t) => quotes(t.fullTitle) === wanted);
  const matches = byFull.length > 0 ? byFull : declared.filter((t) => quotes(t.title) === wanted);
  if (matches.length === 0) return `${file}: no test, describe block or table case titled "${title}"`;
  if (matches.length > 1) return `${file}: "${title}" names ${matches.length} blocks; cite it as "describe > title"`;
  return matches[0] as DeclaredTest;
}

interface Row {
  readonly section: string;
  readonly cells: readonly string[];
}

const rows: Row[] = [];
{
  let section = '';
  for (const line of doc.slice(doc.indexOf('## Twilio')).split('\n')) {
    if (line.startsWith('## ')) section = line.slice(3);
    else if (line.startsWith('| ') && !line.startsWith('| ---')) rows.push({ section, cells: line.slice(2, -2).split(' | ') });
  }
}
const referenceRows = rows.filter(
  ({ cells: [reference] }) => !['Twilio', 'Telnyx', 'Call Control', 'Voximplant'].includes(reference as string),
);

/** The feature a row is about: the last name of the first code span in its handset column. */
function feature(handset: string): string | undefined {
  const span = /`([^`]+)`/.exec(handset)?.[1];
  const name = span && /[A-Za-z_$][\w$]*(?:\??\.[A-Za-z_$][\w$]*)*/.exec(span.replace(/^(?:await|new) /, ''))?.[0];
  return name?.split(/\??\./).at(-1);
}

/** The tests of the list of tests for unsupported options, at the top of the document. */
const unsupportedTests = doc
  .split('\n')
  .filter((line) => line.startsWith('- unsupported: '))
  .flatMap((line) => citations(line).cited);

/**
 * The tests that prove a row: its own citations, each of which must use the feature, or those of the row its
 * "as …" points at; "unsupported tests" adds the unsupported-option tests, one of which must name the option in its title.
 */
function proofOf(row: Row, seen = new Set<Row>()): { cited: Citation[]; oneOf: Citation[] } | string {
  const [reference = '', , , testCell = ''] = row.cells;
  const as = /^as (v1|`[^`]+`)$/.exec(testCell)?.[1];
  if (as === undefined) {
    const unsupported = /(?:^|; )unsupported tests$/.test(testCell);
    return { cited: citations(testCell.replace(/;?\s*unsupported tests$/, '')).cited, oneOf: unsupported ? unsupportedTests : [] };
  }
  const target =
    as === 'v1'
      ? rows.find((other) => other.section.includes('(v1)') && other.cells[0] === reference)
      : rows.find((other) => other.cells[0]?.includes(as) && other !== row);
  if (!target || seen.has(target)) return `"${reference}": "as ${as}" points at no other row`;
  return proofOf(target, new Set([...seen, row]));
}

test('every test docs/parity.md cites exists by its full title in the file it names', () => {
  const problems: string[] = [];
  let checked = 0;
  for (const line of doc.split('\n').filter((l) => (l.startsWith('| ') || l.startsWith('- ')) && l.includes('›'))) {
    const found = citations(line);
    problems.push(...found.problems);
    for (const citation of found.cited) {
      checked++;
      const declared = resolve(citation);
      if (typeof declared === 'string') problems.push(declared);
    }
  }
  expect(problems).toEqual([]);
  expect(checked).toBeGreaterThan(100);
});

test("every row's feature appears in the source of each test it cites", () => {
  const problems: string[] = [];
  let checked = 0;
  for (const row of referenceRows) {
    const [reference, handset = ''] = row.cells;
    const proof = proofOf(row);
    if (typeof proof === 'string') {
      problems.push(proof);
      continue;
    }
    if (proof.cited.length === 0 && proof.oneOf.length === 0) continue;
    const name = feature(handset);
    if (!name) {
      problems.push(`"${reference}": the handset column names no feature in backticks`);
      continue;
    }
    const uses = new RegExp(`\\b${name.replace(/\$/g, '\\$')}\\b`);
    const found = (cited: Citation[]) => cited.map(resolve).filter((d): d is DeclaredTest => typeof d !== 'string');
    for (const t of found(proof.cited).filter((t) => !uses.test(t.body))) {
      problems.push(`"${reference}": \`${name}\` does not appear in "${t.fullTitle}"`);
    }
    // The unsupported-option tests also use options a line honours, so only their titles, which list what each
    // proves unsupported, count.
    if (proof.oneOf.length > 0 && !found(proof.oneOf).some((t) => uses.test(t.title))) {
      problems.push(`"${reference}": \`${name}\` is named by none of the unsupported-option tests`);
    }
    checked++;
  }
  expect(problems).toEqual([]);
  expect(checked).toBeGreaterThan(80);
});

test('every row of the reference tables in docs/parity.md names a test or says why not', () => {
  const unproved = referenceRows
    .filter(({ cells: [, handset, , testCell] }) => {
      // A test cited, a pointer to a row above that cites one, or a reason the feature is not here.
      const proved = /›|^as |unsupported tests$/.test(testCell ?? '');
      return !proved && !/server-side|not offered/.test(handset ?? '');
    })
    .map(({ cells }) => cells[0]);
  expect(rows.length).toBeGreaterThan(150);
  expect(unproved).toEqual([]);
});
