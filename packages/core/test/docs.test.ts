import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { callStateTableMarkdown } from './stateTable';

test("the README's state table is the code's transition table", () => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  expect(readme).toContain(callStateTableMarkdown());
});
