import { libraryBuild } from '../../tools/tsdown.base';

export default libraryBuild();
