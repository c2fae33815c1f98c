import { fileURLToPath } from 'node:url';
import { playwright } from '@vitest/browser-playwright';
import { defineConfig } from 'vitest/config';
import { chromiumArgs, chromiumPath } from './tools/testing/chromium.ts';

// @handset/react's jsdom tests read the core from its source, so they do not depend on (or race with) a build of it.
const coreFromSource = [
  { find: /^@handset\/core\/testing$/, replacement: fileURLToPath(new URL('./packages/core/src/testing/index.ts', import.meta.url)) },
  { find: /^@handset\/core\/media$/, replacement: fileURLToPath(new URL('./packages/core/src/media/index.ts', import.meta.url)) },
  { find: /^@handset\/core$/, replacement: fileURLToPath(new URL('./packages/core/src/index.ts', import.meta.url)) },
];
const react18 = fileURLToPath(new URL('./tools/testing/react18/node_modules/', import.meta.url));
const react18Aliases = [
  { find: /^react$/, replacement: `${react18}react/index.js` },
  { find: /^react\/(.*)$/, replacement: `${react18}react/$1` },
  { find: /^react-dom$/, replacement: `${react18}react-dom/index.js` },
  { find: /^react-dom\/(.*)$/, replacement: `${react18}react-dom/$1` },
];

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          environment: 'node',
          include: ['packages/*/test/**/*.test.ts', 'tools/testing/*.test.ts', 'tools/testing/faults/*.test.ts'],
          exclude: ['**/*.browser.test.ts', '**/*.e2e.test.ts', '**/node_modules/**'],
        },
      },
      {
        // Node-side tests that drive several Chromium pages with playwright-core, or start servers.
        test: {
          name: 'e2e',
          environment: 'node',
          include: [
            'packages/*/test/**/*.e2e.test.ts',
            'apps/*/test/**/*.e2e.test.ts',
            'examples/*/test/**/*.e2e.test.ts',
            'tools/testing/*.e2e.test.ts',
          ],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          fileParallelism: false,
        },
      },
      {
        // @handset/react: hooks and components with Testing Library in jsdom, on a real Phone over ScriptedLine.
        // The core is read from its source, so these tests do not depend on (or race with) a build of it.
        resolve: { alias: coreFromSource },
        test: {
          name: 'react',
          environment: 'jsdom',
          include: ['packages/react/src/**/*.test.{ts,tsx}'],
          setupFiles: ['packages/react/src/test/setup.ts'],
        },
      },
      {
        // The same tests on React 18 (tools/testing/react18 nests react@18 and react-dom@18): react and react-dom
        // resolve there, and the libraries that import React are inlined so that they take that copy too.
        resolve: { alias: [...coreFromSource, ...react18Aliases], mainFields: ['module', 'jsnext:main', 'jsnext', 'main'] },
        test: {
          name: 'react18',
          environment: 'jsdom',
          include: ['packages/react/src/**/*.test.{ts,tsx}'],
          setupFiles: ['packages/react/src/test/setup.ts'],
          env: { HANDSET_REACT: '18' },
          server: {
            deps: {
              inline: [
                /@testing-library\//,
                /@radix-ui\//,
                /zustand/,
                /react-remove-scroll/,
                /react-style-singleton/,
                /use-callback-ref/,
                /use-sidecar/,
              ],
            },
          },
        },
      },
      // Storybook stories as tests in Chromium (play functions + axe); its config sits beside @handset/react.
      'packages/react/vitest.storybook.config.ts',
      {
        // @handset/react's browser tests (*.browser.test.tsx) need these: pre-bundled up front, so that Vite
        // never discovers them mid-run and reloads the page (which fails the first run in a fresh clone).
        optimizeDeps: {
          include: [
            'react',
            'react/jsx-dev-runtime',
            'react-dom/client',
            '@testing-library/react',
            '@radix-ui/react-dialog',
            '@radix-ui/react-slot',
            'zustand',
            'zustand/react/shallow',
            'libphonenumber-js/min',
          ],
        },
        test: {
          name: 'browser',
          include: ['packages/*/test/**/*.browser.test.ts', 'packages/*/test/**/*.browser.test.tsx'],
          testTimeout: 30_000,
          browser: {
            enabled: true,
            headless: true,
            screenshotFailures: false,
            provider: playwright({ launchOptions: { executablePath: chromiumPath, args: chromiumArgs } }),
            instances: [{ browser: 'chromium' }],
          },
        },
      },
      // Opt-in: RECORD_STATS=1 npx vitest run --project record rewrites the recorded getStats fixtures.
      ...(process.env.RECORD_STATS === '1'
        ? [
            {
              test: {
                name: 'record',
                include: ['packages/*/test/**/*.record.ts'],
                testTimeout: 60_000,
                browser: {
                  enabled: true,
                  headless: true,
                  provider: playwright({ launchOptions: { executablePath: chromiumPath, args: chromiumArgs } }),
                  instances: [{ browser: 'chromium' as const }],
                },
              },
            },
          ]
        : []),
    ],
  },
});
