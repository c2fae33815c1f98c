export { type LineCommand, ScriptedLine, type ScriptedLineOptions } from './ScriptedLine';
