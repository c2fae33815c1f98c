import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { snippetsOf } from './readmeSnippets.ts';

// What `npm publish` would ship for each package under packages/: the files `npm pack` puts in the tarball
// (its own list, without running prepack), and the package.json fields that make one copy of the core.
// Reads the built dist/ (npm test builds before Vitest runs).

const root = fileURLToPath(new URL('../..', import.meta.url));
const corePackage = JSON.parse(readFileSync(join(root, 'packages/core/package.json'), 'utf8')) as { version: string };

interface Manifest {
  name: string;
  version: string;
  private?: boolean;
  exports: Record<string, unknown>;
  scripts?: Record<string, string>;
  publishConfig?: { access?: string };
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}

const packages = readdirSync(join(root, 'packages'), { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && existsSync(join(root, 'packages', entry.name, 'package.json')))
  .map((entry) => {
    const dir = join(root, 'packages', entry.name);
    return { dir, manifest: JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Manifest };
  })
  .filter(({ manifest }) => !manifest.private);

/** Every file an exports map points at ("./dist/index.js", ...), through conditions. */
function exportTargets(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (value && typeof value === 'object') return Object.values(value).flatMap(exportTargets);
  return [];
}

/** The files of each package's tarball, by name: one `npm pack --dry-run` for all of them (npm starts slowly). */
async function packedFiles(): Promise<Map<string, string[]>> {
  const workspaces = packages.flatMap(({ dir }) => ['--workspace', dir]);
  const { stdout } = await promisify(execFile)('npm', ['pack', '--dry-run', '--json', '--ignore-scripts', ...workspaces], {
    cwd: root,
    maxBuffer: 16 * 1024 * 1024,
  });
  const reports = JSON.parse(stdout) as { name: string; files: { path: string }[] }[];
  return new Map(reports.map((report) => [report.name, report.files.map((file) => file.path)]));
}

describe('published packages', () => {
  let packed: Map<string, string[]>;
  beforeAll(async () => {
    packed = await packedFiles();
  }, 120_000);

  it('are all here', () => {
    expect(packages.map(({ manifest }) => manifest.name)).toEqual(
      expect.arrayContaining(['@handset/core', '@handset/react', '@handset/sandbox', '@handset/sip']),
    );
  });

  for (const { dir, manifest } of packages) {
    describe(manifest.name, () => {
      it('packs its LICENSE, README, and every file its exports map names', () => {
        const files = packed.get(manifest.name) ?? [];
        expect(files).toEqual(expect.arrayContaining(['LICENSE', 'README.md', 'package.json']));
        const targets = Object.values(manifest.exports).flatMap(exportTargets);
        for (const target of targets) expect(files).toContain(target.replace(/^\.\//, ''));
        // Types only where they resolve: no declaration file links to a map that is not shipped.
        for (const file of files.filter((path) => /\.d\.[cm]?ts$/.test(path))) {
          const link = /\/\/# sourceMappingURL=(\S+)/.exec(readFileSync(join(dir, file), 'utf8'));
          if (link) expect(files).toContain(join(file, '..', link[1]!));
        }
      });

      it('offers every entry point its README imports', () => {
        const readme = join(dir, 'README.md');
        const own = new RegExp(`from '(${manifest.name.replace('/', '\\/')}(?:/[^']*)?)'`, 'g');
        const entries = snippetsOf(readme, root).flatMap((snippet) => [...snippet.code.matchAll(own)].map((match) => match[1]!));
        for (const entry of entries) expect(Object.keys(manifest.exports)).toContain(`.${entry.slice(manifest.name.length)}`);
      });

      it('is public, builds itself when packed, and shares one copy of the core', () => {
        expect(manifest.publishConfig?.access).toBe('public');
        expect(manifest.scripts?.prepack).toBe('tsdown');
        if (manifest.name === '@handset/core') return;
        expect(manifest.dependencies?.['@handset/core']).toBeUndefined();
        expect(manifest.peerDependencies?.['@handset/core']).toBe(`^${corePackage.version}`);
        expect(manifest.devDependencies?.['@handset/core']).toBe(`^${corePackage.version}`);
      });
    });
  }

  it("marks @handset/react's main entry, and only it, as client code for React Server Components", () => {
    const directive = /^(['"])use client\1;/;
    expect(readFileSync(join(root, 'packages/react/dist/index.js'), 'utf8')).toMatch(directive);
    expect(readFileSync(join(root, 'packages/react/dist/server.js'), 'utf8')).not.toMatch(directive);
  });
});
