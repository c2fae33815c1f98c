import type { QualitySample, QualityWarningName } from '../call/quality';

/**
 * What a line that owns its media (`capabilities.media === 'line'`) reports instead of handing over a peer
 * connection: its SDK's quality samples and warnings, mapped onto the core's shapes, and its audio levels.
 * The core emits them as the call's `sample`, `warning`, `warning-cleared` and `volume` events; the media kit
 * (when present) keeps them in the store and feeds the level meters from them.
 */
export type LineSampleSignal =
  | { type: 'sample'; callId: string; sample: QualitySample }
  | { type: 'warning'; callId: string; name: QualityWarningName; raised: true; sample: QualitySample }
  | { type: 'warning'; callId: string; name: QualityWarningName; raised: false }
  /** Levels 0..1 (input: the microphone, output: the far side), as often as the SDK reports them. */
  | { type: 'levels'; callId: string; input: number; output: number };
