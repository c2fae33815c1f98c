import { libraryBuild } from '../../tools/tsdown.base';

// Two builds: the line and its recovery entry are browser code (neutral platform); the stand-in is test equipment for Node.
// fixedExtension: false keeps `.js`/`.d.ts` (platform 'node' would otherwise emit `.mjs`); clean: false so
// that neither build removes the other's output.
export default [
  libraryBuild({ entry: { index: 'src/index.ts', 'recovery/index': 'src/recovery/index.ts' }, fixedExtension: false, clean: false }),
  libraryBuild({ entry: { 'stand-in/index': 'src/stand-in/index.ts' }, platform: 'node', fixedExtension: false, clean: false }),
];
