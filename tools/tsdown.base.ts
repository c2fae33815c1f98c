import { defineConfig, type UserConfig } from 'tsdown';

/** How every @handset package is built: ESM with types and source maps, for any runtime (browser code, SSR-safe imports). */
export function libraryBuild(config: UserConfig = {}) {
  return defineConfig({
    entry: { index: 'src/index.ts' },
    format: 'esm',
    dts: true,
    platform: 'neutral',
    target: 'es2022',
    sourcemap: true,
    clean: true,
    ...config,
  });
}
