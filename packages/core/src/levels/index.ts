export { type AudioContextHost, type AudioContextHostOptions, createAudioContextHost } from './AudioContextHost';
export { levelFromDecibels, levelFromRms, levelFromTimeDomain, rms } from './decibels';
export { createLevelMeter, type LevelMeter, type LevelMeterOptions } from './LevelMeter';
