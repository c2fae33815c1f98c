export { MAX_BODY_BYTES } from './line/errors';
export type { VoximplantCall } from './line/VoximplantCall';
export { type VoximplantAuth, VoximplantLine, type VoximplantLineOptions, voximplant } from './line/VoximplantLine';
