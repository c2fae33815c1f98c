import { libraryBuild } from '../../tools/tsdown.base';

// platform 'node' would default to .mjs; keep .js like the other packages (type: module).
export default libraryBuild({
  entry: {
    index: 'src/index.ts',
    'stand-in/index': 'src/stand-in/index.ts',
    'server/index': 'src/server/index.ts',
    'server/browser': 'src/server/browser.ts',
  },
  platform: 'node',
  fixedExtension: false,
});
