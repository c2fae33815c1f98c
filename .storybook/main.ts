import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { StorybookConfig } from '@storybook/react-vite';

// Storybook is a devDependency of @handset/react (npm may nest it there): resolve it from that package.
const require = createRequire(new URL('../packages/react/package.json', import.meta.url));
const packageDir = (name: string): string => dirname(require.resolve(`${name}/package.json`));

process.env.STORYBOOK_DISABLE_TELEMETRY = '1';

const config: StorybookConfig = {
  stories: ['../packages/react/src/**/*.stories.@(ts|tsx)'],
  addons: [packageDir('@storybook/addon-docs'), packageDir('@storybook/addon-a11y'), packageDir('@storybook/addon-vitest')],
  framework: { name: packageDir('@storybook/react-vite') as '@storybook/react-vite', options: {} },
  core: { disableTelemetry: true, disableWhatsNewNotifications: true },
  // Stories read the core from its source (as the React tests do), so they never depend on a build of it.
  viteFinal: (vite) => ({
    ...vite,
    resolve: {
      ...vite.resolve,
      alias: [
        ...(Array.isArray(vite.resolve?.alias)
          ? vite.resolve.alias
          : Object.entries(vite.resolve?.alias ?? {}).map(([find, replacement]) => ({ find, replacement }))),
        {
          find: /^@handset\/core\/testing$/,
          replacement: fileURLToPath(new URL('../packages/core/src/testing/index.ts', import.meta.url)),
        },
        { find: /^@handset\/core\/media$/, replacement: fileURLToPath(new URL('../packages/core/src/media/index.ts', import.meta.url)) },
        { find: /^@handset\/core$/, replacement: fileURLToPath(new URL('../packages/core/src/index.ts', import.meta.url)) },
      ],
    },
  }),
};

export default config;
