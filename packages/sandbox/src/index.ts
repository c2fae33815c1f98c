export { builtInNumbers, isBuiltInNumber } from './numbers/directory';
export { echoDelaySeconds } from './numbers/echo';
export { defaultTiming, isExtensionName, type SandboxOptions, type SandboxTiming } from './options';
export { SandboxLine, sandbox } from './SandboxLine';
