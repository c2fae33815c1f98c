import { libraryBuild } from '../../tools/tsdown.base';

export default libraryBuild({
  entry: { index: 'src/index.ts', server: 'src/server.ts' },
  // Dependencies and peers stay imports; named here so that nothing of React or Radix is ever inlined.
  // libphonenumber-js is only reached through a dynamic import(), so it costs nothing until the first keystroke.
  deps: { neverBundle: [/^react($|\/)/, /^react-dom($|\/)/, /^@radix-ui\//, /^@handset\//, /^zustand($|\/)/, /^libphonenumber-js($|\/)/] },
  copy: [{ from: 'src/styles/theme.css', to: 'dist' }],
  // Hooks and context make the main entry client code: React Server Components frameworks (Next.js App Router)
  // need the directive on the built file itself, where the bundler would drop a module-level one. The server
  // entry (plain helpers) and any shared chunk stay unmarked, so a Server Component can call them.
  // Rolldown's own banner, asked per chunk (tsdown's `banner` function is evaluated once, for the first chunk).
  outputOptions: { banner: (chunk) => (chunk.fileName === 'index.js' ? "'use client';" : '') },
});
