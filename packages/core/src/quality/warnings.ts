import type { QualityContext, QualitySample, QualityThresholds, QualityWarningName } from './types';

/**
 * Defaults. rtt, jitter, loss and MOS are the figures (Twilio's, with MOS 3.5 for Twilio's 3).
 * - Bytes: below 1 byte per second means nothing flows at all. Opus never goes that low while media
 *   flows, not even with DTX (a comfort-noise packet every 400 ms), so the warning means one-way or no audio.
 * - Audio levels are on the sample's 0..32767 RMS scale; below 2 is digital silence give or take one bit
 *   (under about -84 dBFS; Opus-decoded silence measures 1 in Chromium). A working microphone's noise floor,
 *   and comfort noise, sit well above (about -70 dBFS = 10).
 *   So `constant-audio-input-level` flags a microphone that delivers zeros while not muted (hardware
 *   mute switch, dead capture path). A microphone stuck at a constant non-zero value is caught only if
 *   audio processing's high-pass filter (on by default) turns it into silence: not tested.
 *   and `low-inbound-audio` flags packets that decode to silence (far end sending zeros, remote audio not played).
 *   Raising minAudioOutputLevel to ~10 also catches comfort noise, at the price of flagging a far end
 *   that just listens in a quiet room: level alone cannot tell those apart.
 */
export const defaultQualityThresholds: QualityThresholds = {
  maxRtt: 400,
  maxJitter: 30,
  maxPacketLoss: 1,
  minMos: 3.5,
  minBytesReceived: 1,
  minBytesSent: 1,
  minAudioInputLevel: 2,
  minAudioOutputLevel: 2,
};

export interface WarningInput extends QualityContext {
  readonly sample: QualitySample;
  /** From sampleFromStats. */
  readonly iceConnected: boolean;
  /** ms since the call became active. */
  readonly elapsedMs: number;
}

export interface WarningChanges {
  readonly raised: QualityWarningName[];
  readonly cleared: QualityWarningName[];
}

export interface WarningMonitor {
  /** Feeds one sample; returns the warnings raised and cleared by it. */
  step(input: WarningInput): WarningChanges;
  /** Warnings raised and not yet cleared. */
  readonly active: ReadonlySet<QualityWarningName>;
}

type Check = (s: QualitySample, t: QualityThresholds, input: WarningInput) => boolean;

/** When each warning's condition holds for one sample. */
const checks: Record<QualityWarningName, Check> = {
  'high-rtt': (s, t) => s.rtt > t.maxRtt,
  'high-jitter': (s, t) => s.jitter > t.maxJitter,
  'high-packet-loss': (s, t) => Math.max(s.packetsLostFraction, s.outboundPacketsLostFraction) > t.maxPacketLoss,
  // No MOS (nothing moved) is not a low one: low-bytes-received and low-bytes-sent say that.
  'low-mos': (s, t) => s.mos !== null && s.mos < t.minMos,
  'low-bytes-received': (s, t) => s.bytesReceived < t.minBytesReceived,
  'low-bytes-sent': (s, t) => s.bytesSent < t.minBytesSent,
  'low-inbound-audio': (s, t) => s.packetsReceived > 0 && s.audioOutputLevel < t.minAudioOutputLevel,
  'constant-audio-input-level': (s, t) => s.audioInputLevel < t.minAudioInputLevel,
  'ice-connectivity-lost': (_s, _t, i) => !i.iceConnected,
};

/** Muted: a silent microphone and few bytes sent are expected. */
const mutedIgnores = new Set<QualityWarningName>(['low-bytes-sent', 'constant-audio-input-level']);
/** Held: media may stop or freeze in either direction, so only rtt (RTCP keeps flowing) and ICE mean anything. */
const heldKeeps = new Set<QualityWarningName>(['high-rtt', 'ice-connectivity-lost']);

const WINDOW = 5;
const RAISE = 3;
/**
 * ICE is lost on the first sample that shows it, as Twilio raises it on the state change: Chromium calls ICE
 * disconnected only after some 5 s without an answer, so that is hysteresis enough, and three samples more
 * would come after an 8 s blackout has ended.
 */
const raiseAfter: Partial<Record<QualityWarningName, number>> = { 'ice-connectivity-lost': 1 };
const MIN_RAISED_MS = 5000;
const GRACE_MS = 5000;

const names = Object.keys(checks) as QualityWarningName[];
/** Crossings among the last 5 samples that raise each warning. */
const needed = names.map((name) => raiseAfter[name] ?? RAISE);
/** Set bits in a 5-sample window (bit 0 the newest sample). */
const crossingsIn = (window: number) => (window & 1) + ((window >> 1) & 1) + ((window >> 2) & 1) + ((window >> 3) & 1) + (window >> 4);

/**
 * Hysteresis per warning, pure and clock-free (time comes in as elapsedMs):
 * - raised when at least 3 of the last 5 samples cross the threshold (ice-connectivity-lost: the first one);
 * - cleared when none of the last 5 do and at least 5 s have passed since it was raised;
 * - samples of the first 5 s of a call are not counted (setup transients), so nothing is raised then;
 * - while muted or held, a warning that would be meaningless counts its samples as not crossing:
 *   it cannot be raised, and one already raised clears as usual.
 * Each warning's last 5 samples are 5 bits: a step runs once a second, cold, so it allocates nothing it can spare.
 */
export function createWarningMonitor(thresholds?: Partial<QualityThresholds>): WarningMonitor {
  const t = { ...defaultQualityThresholds, ...thresholds };
  const windows = new Uint8Array(names.length);
  const raisedAt = new Float64Array(names.length);
  /** Samples counted so far, up to a window's length (every warning counts every sample). */
  let counted = 0;
  const active = new Set<QualityWarningName>();
  return {
    active,
    step(input) {
      const changes: WarningChanges = { raised: [], cleared: [] };
      if (input.elapsedMs < GRACE_MS) return changes;
      if (counted < WINDOW) counted++;
      for (let i = 0; i < names.length; i++) {
        const name = names[i]!;
        const meaningful = !(input.muted && mutedIgnores.has(name)) && !(input.held && !heldKeeps.has(name));
        const window = (windows[i] = ((windows[i]! << 1) | (meaningful && checks[name](input.sample, t, input) ? 1 : 0)) & 0b11111);
        if (!active.has(name)) {
          if (crossingsIn(window) >= needed[i]!) {
            active.add(name);
            raisedAt[i] = input.elapsedMs;
            changes.raised.push(name);
          }
        } else if (window === 0 && counted === WINDOW && input.elapsedMs - raisedAt[i]! >= MIN_RAISED_MS) {
          active.delete(name);
          changes.cleared.push(name);
        }
      }
      return changes;
    },
  };
}
