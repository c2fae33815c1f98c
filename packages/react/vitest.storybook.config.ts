import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { storybookTest } from '@storybook/addon-vitest/vitest-plugin';
import { playwright } from '@vitest/browser-playwright';
import type { Plugin } from 'vite';
import { defineProject } from 'vitest/config';
import { chromiumArgs, chromiumPath } from '../../tools/testing/chromium.ts';

// Every story of /.storybook runs as a test in Chromium: it must render, its `play` function must pass,
// and axe (addon-a11y, `a11y.test: 'error'` in preview.tsx) must find no violation.
// This file lives in packages/react because npm nests Storybook's packages there (under the root, the
// workspace's own node_modules is invisible): see resolveStorybookSetupFiles.

const here = fileURLToPath(new URL('.', import.meta.url));
const require = createRequire(import.meta.url);

/** Imported by Storybook's preview at run time but missing from the optimizeDeps list its plugin gives. */
const lateStorybookDeps = [
  'storybook/internal/channels',
  'storybook/internal/client-logger',
  'storybook/internal/docs-tools',
  'storybook/internal/preview-api',
  'storybook/internal/preview-errors',
  '@storybook/global',
];

/** Storybook adds its setup files as bare ids, which Vitest resolves from the repository root: give it paths. */
function resolveStorybookSetupFiles(): Plugin {
  const absolute = (files: string | string[] | undefined) =>
    (Array.isArray(files) ? files : files ? [files] : []).map((file) => (file.startsWith('@storybook/') ? require.resolve(file) : file));
  return {
    name: 'handset:resolve-storybook-setup-files',
    enforce: 'post',
    configResolved(config) {
      const test = (config as { test?: { setupFiles?: string | string[] } }).test;
      if (test) test.setupFiles = absolute(test.setupFiles);
      // Pre-bundle Storybook's packages as seen from this package (Vite's `a > b` syntax), so that none is
      // discovered mid-run (a re-optimization reloads the page and fails the first run in a fresh clone).
      for (const deps of [config.optimizeDeps, ...Object.values(config.environments ?? {}).map((env) => env.optimizeDeps)]) {
        const include = deps?.include;
        if (!include) continue;
        const ids = [...new Set([...include, ...lateStorybookDeps])];
        include.splice(0, include.length, ...ids.map((id) => (/^(storybook($|\/)|@storybook\/)/.test(id) ? `@handset/react > ${id}` : id)));
      }
    },
    configureVitest(context: { vitest: { config: { setupFiles: string[] } }; project: { config: { setupFiles: string[] } } }) {
      context.vitest.config.setupFiles = absolute(context.vitest.config.setupFiles);
      context.project.config.setupFiles = absolute(context.project.config.setupFiles);
    },
  } as Plugin;
}

/** Resolves Storybook's packages as if imported from this package, wherever the importer is (e.g. /.storybook). */
function resolveStorybookFromHere(): Plugin {
  const anchor = fileURLToPath(new URL('./package.json', import.meta.url));
  return {
    name: 'handset:resolve-storybook-from-react-package',
    enforce: 'pre',
    async resolveId(source, importer, options) {
      if (!/^(storybook($|\/)|@storybook\/)/.test(source) || importer === anchor) return null;
      return this.resolve(source, anchor, { ...options, skipSelf: true });
    },
  };
}

export default defineProject({
  // Vite's root here too, so that the dependency optimizer finds Storybook's packages up front (otherwise it
  // discovers them mid-run, re-optimizes and reloads, and the first run in a fresh clone fails).
  root: here,
  plugins: [
    resolveStorybookFromHere(),
    storybookTest({ configDir: fileURLToPath(new URL('../../.storybook', import.meta.url)) }),
    resolveStorybookSetupFiles(),
  ],
  test: {
    name: 'storybook',
    root: here,
    dir: here,
    testTimeout: 30_000,
    browser: {
      enabled: true,
      headless: true,
      screenshotFailures: false,
      provider: playwright({ launchOptions: { executablePath: chromiumPath, args: chromiumArgs } }),
      instances: [{ browser: 'chromium' }],
    },
  },
});
