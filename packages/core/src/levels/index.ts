export { type AudioContextHost, type AudioContextHostOptions, createAudioContextHost } from './AudioContextHost';
export { levelFromDecibels, levelFromRms, levelFromTimeDomain, rms } from './decibels';
export { createFrameLoop, type FrameLoop, sharedFrameLoop } from './frameLoop';
export { createLevelMeter, type LevelMeter, type LevelMeterOptions } from './LevelMeter';
