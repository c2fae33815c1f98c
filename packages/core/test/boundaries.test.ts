import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';

/**
 * The core's one-way boundaries, checked on the source: the engine (calls, phone, line contract, options, store,
 * errors) never imports the media kit (media, devices, levels, quality, sounds), which depends on the engine; and no
 * module imports itself back through others (no import cycles, types included).
 */
const src = fileURLToPath(new URL('../src', import.meta.url));
const engine = ['call', 'phone', 'line', 'options', 'store', 'errors', 'util'];
const kit = ['media', 'devices', 'levels', 'quality', 'sounds'];

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sources(join(dir, entry.name)) : entry.name.endsWith('.ts') ? [join(dir, entry.name)] : [],
  );
}

/** Each module's relative imports, resolved to files under src. */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of sources(src)) {
    const text = readFileSync(file, 'utf8');
    const targets = [...text.matchAll(/^(?:import|export)[^'"]*from '(\.[^']+)';$/gm)].map(([, spec]) => {
      const base = resolve(dirname(file), spec as string);
      return sources(dirname(base)).find((f) => f === `${base}.ts` || f === join(base, 'index.ts')) ?? `${base}.ts`;
    });
    graph.set(
      relative(src, file),
      targets.map((t) => relative(src, t)),
    );
  }
  return graph;
}

const folderOf = (file: string) => file.split('/')[0] as string;

test('the engine never imports the media kit', () => {
  const crossings: string[] = [];
  for (const [file, imports] of importGraph()) {
    if (!engine.includes(folderOf(file))) continue;
    for (const target of imports) if (kit.includes(folderOf(target))) crossings.push(`${file} → ${target}`);
  }
  expect(crossings).toEqual([]);
});

test('no module of the core imports itself back through others (no import cycles)', () => {
  const graph = importGraph();
  const cycles: string[] = [];
  const state = new Map<string, 'open' | 'done'>();
  const visit = (file: string, path: string[]) => {
    if (state.get(file) === 'done') return;
    if (state.get(file) === 'open') {
      cycles.push([...path.slice(path.indexOf(file)), file].join(' → '));
      return;
    }
    state.set(file, 'open');
    for (const next of graph.get(file) ?? []) visit(next, [...path, file]);
    state.set(file, 'done');
  };
  for (const file of graph.keys()) visit(file, []);
  expect(cycles).toEqual([]);
});
