import { libraryBuild } from '../../tools/tsdown.base';

export default libraryBuild({
  // Dependencies and peers stay imports; named here so that nothing of React or Radix is ever inlined.
  // libphonenumber-js is only reached through a dynamic import(), so it costs nothing until the first keystroke.
  deps: { neverBundle: [/^react($|\/)/, /^react-dom($|\/)/, /^@radix-ui\//, /^@handset\//, /^zustand($|\/)/, /^libphonenumber-js($|\/)/] },
  copy: [{ from: 'src/styles/theme.css', to: 'dist' }],
});
