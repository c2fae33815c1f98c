import { libraryBuild } from '../../tools/tsdown.base';

export default libraryBuild({
  entry: {
    index: 'src/index.ts',
    'media/index': 'src/media/index.ts',
    'line-kit/index': 'src/line-kit/index.ts',
    'parity/index': 'src/parity/index.ts',
    'testing/index': 'src/testing/index.ts',
  },
});
