import { defineConfig, type UserConfig } from 'tsdown';

/**
 * How every @handset package is built: ESM with types and source maps, for any runtime (browser code, SSR-safe imports).
 * No declaration maps: they would point into src/, which the tarballs do not ship.
 */
export function libraryBuild(config: UserConfig = {}) {
  return defineConfig({
    entry: { index: 'src/index.ts' },
    format: 'esm',
    dts: { sourcemap: false },
    platform: 'neutral',
    target: 'es2022',
    sourcemap: true,
    clean: true,
    plugins: [noDeclarationMapLinks],
    ...config,
  });
}

/** Rolldown links every chunk to a map, .d.ts included, though no .d.ts.map is written: drop those dangling links. */
const noDeclarationMapLinks = {
  name: 'handset:no-declaration-map-links',
  generateBundle(_options: unknown, bundle: Record<string, { type: string; fileName: string; code?: string }>) {
    for (const chunk of Object.values(bundle)) {
      if (chunk.type === 'chunk' && /\.d\.[cm]?ts$/.test(chunk.fileName) && chunk.code !== undefined) {
        chunk.code = chunk.code.replace(/\n?\/\/# sourceMappingURL=\S+\s*$/, '\n');
      }
    }
  },
};
