import { fileURLToPath } from 'node:url';
import type { NextConfig } from 'next';

// The repository root: the workspace's packages are linked from there (one lock file, one node_modules).
const root = fileURLToPath(new URL('../..', import.meta.url));

const config: NextConfig = {
  turbopack: { root },
  outputFileTracingRoot: root,
};

export default config;
