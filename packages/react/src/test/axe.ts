import axe from 'axe-core';
import { expect } from 'vitest';

/**
 * Runs axe-core (all rules, best practices included) on the document. Two rules are off: jsdom cannot
 * compute colour contrast, and `region` (page content inside landmarks) is about the page an app
 * builds, not a component rendered alone. Needs real timers: axe schedules its work with setTimeout.
 */
export async function expectNoAxeViolations(container: Element = document.body): Promise<void> {
  const results = await axe.run(container, { rules: { 'color-contrast': { enabled: false }, region: { enabled: false } } });
  const violations = results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
  expect(violations).toEqual([]);
}
