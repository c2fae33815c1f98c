/**
 * `@handset/telnyx/server` is Node only: it loads in Node, throws where there is a DOM, and the package's
 * "browser" export condition gives a browser bundle a module that throws at load instead of the dial.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build, type Metafile } from 'esbuild';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { nodeOnlyMessage } from '../src/server/nodeOnly';

const packageRoot = new URL('..', import.meta.url).pathname;
const source = (file: string) => join(packageRoot, 'src/server', file);
let workspace: string;

/** An app that imports the dial and calls it. */
const app =
  "import { dial } from '@handset/telnyx/server';\nexport const call = () => dial({ to: '+14155550123', from: '+14155550100', connection_id: 'app' }, { apiKey: 'KEY' });";

/**
 * A copy of the package as npm installs it: the real package.json, and each built file of the "./server"
 * export standing for its source (dist/server/x.js → src/server/x.ts, as tsdown.config.ts builds them),
 * so bundlers resolve through the real export conditions without depending on a build.
 */
beforeAll(async () => {
  workspace = await mkdtemp(join(tmpdir(), 'handset-telnyx-server-'));
  const installed = join(workspace, 'node_modules/@handset/telnyx');
  const manifest = await readFile(join(packageRoot, 'package.json'), 'utf8');
  await mkdir(join(installed, 'dist/server'), { recursive: true });
  await writeFile(join(installed, 'package.json'), manifest);
  const targets = JSON.parse(manifest).exports['./server'] as Record<string, string>;
  for (const [condition, target] of Object.entries(targets)) {
    if (condition === 'types') continue;
    const file = target.match(/^\.\/dist\/server\/(\w+)\.js$/)?.[1];
    if (!file) throw new Error(`unexpected ./server target ${target}`);
    await writeFile(join(installed, target), `export * from ${JSON.stringify(source(`${file}.ts`))};\n`);
  }
});

afterAll(() => rm(workspace, { recursive: true, force: true }));

afterEach(() => {
  delete (globalThis as { window?: unknown }).window;
  delete (globalThis as { document?: unknown }).document;
});

async function bundle(platform: 'browser' | 'node' | 'neutral', contents: string) {
  const result = await build({
    stdin: { contents, resolveDir: workspace, loader: 'ts' },
    bundle: true,
    format: 'esm',
    platform,
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const inputs = Object.keys(result.metafile.inputs).map((input) => input.replace(/^(?:.*\/)?packages\/telnyx\//, ''));
  return { code: result.outputFiles[0]?.text ?? '', inputs };
}

/** Imports bundled code as a file (so its own top-level throw is what the import reports). */
async function importBundle(code: string, name: string): Promise<unknown> {
  const file = join(workspace, `${name}.mjs`);
  await writeFile(file, code);
  return import(/* @vite-ignore */ pathToFileURL(file).href);
}

describe('@handset/telnyx/server is Node only', () => {
  it('loads in Node', async () => {
    const server = await import('../src/server/index');
    expect(typeof server.dial).toBe('function');
    expect(server.dialCommand({ to: '+14155550123', from: '+14155550100', connection_id: 'app' })).toEqual({
      to: '+14155550123',
      from: '+14155550100',
      connection_id: 'app',
    });
  });

  it('throws at import where there is a window or a document', async () => {
    for (const global of ['window', 'document'] as const) {
      (globalThis as Record<string, unknown>)[global] = {};
      vi.resetModules();
      await expect(import('../src/server/index')).rejects.toThrow(nodeOnlyMessage);
      delete (globalThis as Record<string, unknown>)[global];
    }
    vi.resetModules();
    await expect(import('../src/server/index')).resolves.toHaveProperty('dial');
  });

  it('has a browser entry that throws at import with the reason', async () => {
    await expect(import('../src/server/browser')).rejects.toThrow(
      '@handset/telnyx/server is for Node only: it takes your Telnyx API key, which must never reach a browser.',
    );
  });

  it('gives a browser bundle the throwing module, and a Node bundle the dial', async () => {
    const browser = await bundle('browser', app);
    expect(browser.inputs).toContain('src/server/browser.ts');
    expect(browser.inputs.filter((input) => /dial|telnyxErrors|coreRules/.test(input))).toEqual([]);
    expect(browser.code).not.toContain('authorization');
    await expect(importBundle(browser.code, 'browser-app')).rejects.toThrow(nodeOnlyMessage);

    const node = await bundle('node', app);
    expect(node.inputs).toEqual(expect.arrayContaining(['src/server/index.ts', 'src/server/dial.ts']));
    expect(node.inputs).not.toContain('src/server/browser.ts');
    expect(node.code).toContain('authorization');
    expect(await importBundle(node.code, 'node-app')).toHaveProperty('call');
  });

  it('still throws in a page when a bundler ignores the "browser" condition', async () => {
    const neutral = await bundle('neutral', app);
    expect(neutral.inputs).toContain('src/server/index.ts');
    (globalThis as { window?: unknown }).window = {};
    await expect(importBundle(neutral.code, 'neutral-app')).rejects.toThrow(nodeOnlyMessage);
  });

  it('exports the same names from both entries, so a browser bundle fails at load, not at build', async () => {
    const exportsOf = async (entry: string) => {
      const result = await build({
        entryPoints: [source(entry)],
        bundle: true,
        format: 'esm',
        platform: 'node',
        write: false,
        metafile: true,
        outdir: workspace,
        logLevel: 'silent',
      });
      return (Object.values(result.metafile.outputs) as Metafile['outputs'][string][]).flatMap((output) => output.exports).sort();
    };
    const node = await exportsOf('index.ts');
    expect(node).toEqual(['dial', 'dialCommand', 'dialEnums', 'telnyxApiUrl']);
    expect(await exportsOf('browser.ts')).toEqual(node);
  });

  it('lists "types" first and "browser" before "default" in the export (conditions match in order)', async () => {
    const manifest = JSON.parse(await readFile(join(packageRoot, 'package.json'), 'utf8'));
    expect(Object.keys(manifest.exports['./server'])).toEqual(['types', 'browser', 'default']);
    expect(dirname(manifest.exports['./server'].browser)).toBe('./dist/server');
  });
});
