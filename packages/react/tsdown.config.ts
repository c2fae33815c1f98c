import { defineConfig } from 'tsdown';

export default defineConfig({
  entry: { index: 'src/index.ts' },
  format: 'esm',
  dts: true,
  platform: 'neutral',
  target: 'es2022',
  sourcemap: true,
  clean: true,
  // Dependencies and peers stay imports; named here so that nothing of React or Radix is ever inlined.
  // libphonenumber-js is only reached through a dynamic import(), so it costs nothing until the first keystroke.
  deps: { neverBundle: [/^react($|\/)/, /^react-dom($|\/)/, /^@radix-ui\//, /^@handset\//, /^zustand($|\/)/, /^libphonenumber-js($|\/)/] },
  copy: [{ from: 'src/styles/theme.css', to: 'dist' }],
});
