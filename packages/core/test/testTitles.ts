/**
 * Reads the tests a Vitest file declares, by title, with the source text of each one's body, so that
 * docs/parity.md can be checked against what its cited tests really contain. A plain text reading, not a
 * parser: titles must be string literals without `${}`, and a block ends at the first later line indented
 * no deeper than its opening line (Biome's formatting guarantees that for `test(…)`/`describe(…)` blocks).
 */
export interface DeclaredTest {
  /** The title as Vitest shows it: a test, a describe block, a test.each template, or one table case of it. */
  readonly title: string;
  /** `describe title > test title` for a block nested in a describe. */
  readonly fullTitle: string;
  /** The block's source, from its opening line to its closing line; for a table case, the case's row too. */
  readonly body: string;
}

const opening = /^([ \t]*)(?:test|it|describe)\b((?:\.\w+(?:<[^\n]*?>)?(?:\([^\n]*?\))?)*)\(\s*(?:(['"`])((?:\\.|(?!\3)[^\\])*)\3)?/gm;

/** Every test, describe block and table case declared in `source`. */
export function declaredTests(source: string): DeclaredTest[] {
  const lines = source.split('\n');
  const lineOf = (index: number) => source.slice(0, index).split('\n').length - 1;
  const blocks: Array<{ title: string; indent: number; first: number; last: number; each?: string }> = [];

  for (const match of source.matchAll(opening)) {
    const [, indent = '', modifiers = '', , literal] = match;
    const first = lineOf(match.index);
    const isEach = /\.each\b/.test(modifiers);
    // test.each([...])('title', …): the title follows the table, which may span many lines; the block closes after it.
    const after = literal === undefined && isEach ? eachTitle(source, match.index) : undefined;
    const title = literal ?? after?.title;
    if (title === undefined) continue;
    const last = closingLine(lines, after ? lineOf(after.index) : first, indent.length);
    blocks.push({
      title: unescapeQuotes(title),
      indent: indent.length,
      first,
      last,
      ...(isEach ? { each: eachTable(source, lines, first, modifiers) } : {}),
    });
  }

  const tests: DeclaredTest[] = [];
  for (const block of blocks) {
    const parent = blocks.filter((other) => other.first < block.first && other.last >= block.last && other.indent < block.indent).at(-1);
    const body = lines.slice(block.first, block.last + 1).join('\n');
    const fullTitle = (title: string) => (parent ? `${parent.title} > ${title}` : title);
    tests.push({ title: block.title, fullTitle: fullTitle(block.title), body });
    if (block.each === undefined) continue;
    for (const row of tableRows(block.each)) {
      const title = formatTitle(block.title, row.values);
      tests.push({ title, fullTitle: fullTitle(title), body: `${row.text}\n${body}` });
    }
  }
  return tests;
}

/** The line that closes the block opened on line `first`: the next non-blank line indented no deeper. */
function closingLine(lines: readonly string[], first: number, indent: number): number {
  for (let i = first + 1; i < lines.length; i++) {
    const line = lines[i] as string;
    if (line.trim() === '') continue;
    if (line.length - line.trimStart().length <= indent) return /^\s*[)}\]]/.test(line) ? i : i - 1;
  }
  return lines.length - 1;
}

/** The title that follows an inline table (`])('title'`), and where it is. */
function eachTitle(source: string, from: number): { title: string; index: number } | undefined {
  const pattern = /[)\]]\)\(\s*(['"`])((?:\\.|(?!\1)[^\\])*)\1/g;
  pattern.lastIndex = from;
  const found = pattern.exec(source);
  return found ? { title: found[2] as string, index: found.index } : undefined;
}

/** The table's source: inline in `.each(…)`, or the array a `.each(name)` names in the same file. */
function eachTable(source: string, lines: readonly string[], first: number, modifiers: string): string {
  const named = /\.each(?:<[^\n]*?>)?\((\w+)\)/.exec(modifiers)?.[1];
  if (named) {
    const start = new RegExp(`^([ \\t]*)(?:const|let) ${named}\\b[^;]*?=\\s*\\[`, 'm').exec(source);
    if (!start) return '';
    const from = source.slice(0, start.index).split('\n').length - 1;
    return lines.slice(from, closingLine(lines, from, (start[1] as string).length) + 1).join('\n');
  }
  const text = lines.slice(first).join('\n');
  return text.slice(0, text.search(/[)\]]\)\(\s*['"`]/) + 1);
}

/** The rows of a table: each `[ … ]` one level inside the outer array, with its top-level values as source text. */
function tableRows(table: string): Array<{ text: string; values: string[] }> {
  const rows: Array<{ text: string; values: string[] }> = [];
  const outer = /=\s*\[|\.each(?:<[^\n]*?>)?\(\s*\[/.exec(table);
  if (!outer) return rows;
  const start = outer.index + outer[0].length - 1;
  let depth = 0;
  let rowStart = -1;
  let valueStart = -1;
  let values: string[] = [];
  for (let i = start; i < table.length; i++) {
    const c = table[i] as string;
    if (c === "'" || c === '"' || c === '`') {
      i = endOfString(table, i);
      continue;
    }
    if (c === '[' || c === '{' || c === '(') {
      depth++;
      if (depth === 2 && c === '[') {
        rowStart = i;
        valueStart = i + 1;
        values = [];
      }
    } else if (c === ']' || c === '}' || c === ')') {
      if (depth === 2 && rowStart >= 0) {
        values.push(table.slice(valueStart, i).trim());
        rows.push({ text: table.slice(rowStart, i + 1), values: values.filter((v) => v !== '') });
        rowStart = -1;
      }
      depth--;
      if (depth === 0) break;
    } else if (c === ',' && depth === 2 && rowStart >= 0) {
      values.push(table.slice(valueStart, i).trim());
      valueStart = i + 1;
    }
  }
  return rows;
}

function endOfString(text: string, open: number): number {
  const quote = text[open];
  for (let i = open + 1; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === quote) return i;
  }
  return text.length;
}

/** Vitest's printf-style table titles: each %s, %d, %i, %j, %o takes the next value of the row. */
function formatTitle(template: string, values: readonly string[]): string {
  let next = 0;
  return template.replace(/%[sdijo]/g, () => {
    const value = values[next++] ?? 'undefined';
    const literal = /^(['"`])([\s\S]*)\1$/.exec(value);
    return literal ? unescapeQuotes(literal[2] as string) : value;
  });
}

function unescapeQuotes(text: string): string {
  return text.replace(/\\(['"`\\])/g, '$1');
}
