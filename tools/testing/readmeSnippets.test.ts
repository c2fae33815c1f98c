import { execFile } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { readmes, type Snippet, snippetsOf } from './readmeSnippets.ts';

// Every ```ts / ```tsx block of the READMEs is typechecked under `strict`, as a module of its own that imports the
// packages by their published names, so a snippet that a user copies compiles. The packages resolve through the
// workspace links in node_modules to their built types (dist/, which npm test builds before Vitest runs).

const root = fileURLToPath(new URL('../..', import.meta.url));
// Inside the repository, so that `@handset/*`, `react` and the SDKs resolve from its node_modules as in an app.
const workDir = join(root, 'node_modules', '.cache', 'readme-snippets');
const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');

const fileOf = (snippet: Snippet, index: number) =>
  `${snippet.readme.replace(/[^A-Za-z0-9]+/g, '_')}_${index}_line${snippet.line}.${snippet.lang}`;

describe('README snippets', () => {
  const snippets = readmes(root).flatMap((readme) => snippetsOf(readme, root));

  it('finds the snippets of the root README and the package READMEs', () => {
    const readmesWithCode = new Set(snippets.map((snippet) => snippet.readme));
    expect(readmesWithCode).toContain('README.md');
    expect(readmesWithCode).toContain('packages/core/README.md');
    expect(readmesWithCode).toContain('packages/react/README.md');
  });

  it('typechecks every ts/tsx snippet under strict', { timeout: 180_000 }, async () => {
    rmSync(workDir, { recursive: true, force: true });
    mkdirSync(workDir, { recursive: true });
    const files = snippets.map((snippet, index) => {
      const file = fileOf(snippet, index);
      // A snippet without import or export would be a script sharing one global scope with the others.
      // The code keeps its line numbers; the hidden context (ambient declarations) goes after it.
      const isModule = /^\s*(import|export)\s/m.test(snippet.code);
      writeFileSync(join(workDir, file), `${snippet.code}\n${isModule ? '' : 'export {};\n'}${snippet.context}\n`);
      return { file, snippet };
    });
    // What every bundler-based app declares (vite/client, next-env.d.ts): CSS imports are side effects.
    writeFileSync(join(workDir, 'env.d.ts'), "declare module '*.css';\n");
    writeFileSync(
      join(workDir, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          target: 'ES2022',
          module: 'ESNext',
          moduleResolution: 'Bundler',
          lib: ['ES2022', 'DOM', 'DOM.Iterable'],
          types: ['node'],
          jsx: 'react-jsx',
          strict: true,
          noEmit: true,
          skipLibCheck: true,
          isolatedModules: true,
          esModuleInterop: true,
        },
        include: ['*.ts', '*.tsx'],
      }),
    );

    const output = await promisify(execFile)(process.execPath, [tsc, '-p', workDir, '--pretty', 'false'], { cwd: workDir }).then(
      () => '',
      (error: { stdout?: string; stderr?: string }) => `${error.stdout ?? ''}${error.stderr ?? ''}`,
    );
    // Name each error by its README and line, not by the scratch file.
    const errors = output
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => {
        const match = /^(.+?)\((\d+),(\d+)\): (.*)$/.exec(line);
        const found = match && files.find(({ file }) => match[1]!.endsWith(file));
        return found ? `${found.snippet.readme}:${found.snippet.line + Number(match![2]) - 1}: ${match![4]}` : line;
      });
    expect(errors).toEqual([]);
  });
});
