import type { CallEnd } from '../call/types';
import { HandsetError } from '../errors/HandsetError';
import type { CallOptions } from '../options/types';
import type { Phone } from '../phone/Phone';
import { qualityLevel } from '../quality/level';
import type { QualityLevel, QualitySample, QualityWarningName } from '../quality/types';

export interface PreflightOptions {
  /** Where to call: the sandbox's `echo` by default, or a test number of your provider. */
  readonly destination?: string;
  /** How long to measure once the call is answered. Default 8000 ms. */
  readonly durationMs?: number;
  readonly callOptions?: Omit<CallOptions, 'id'>;
}

export interface PreflightReport {
  /** `failed` when the call never got answered; otherwise the quality level of the average MOS. */
  readonly verdict: QualityLevel | 'failed';
  readonly mos: number | null;
  /** Averages over the samples, in ms. */
  readonly rtt: number | null;
  readonly jitter: number | null;
  /** Inbound packets lost over the call, in %. */
  readonly packetLoss: number | null;
  /** The loudest microphone level seen, 0..32767 (0: the microphone sent nothing but silence). */
  readonly microphoneLevel: number;
  readonly samples: number;
  readonly warnings: readonly QualityWarningName[];
  /** Why the test call ended before it could be measured, when it did. */
  readonly end: CallEnd | null;
  readonly codec: string;
}

const average = (values: number[]) => (values.length ? values.reduce((a, b) => a + b, 0) / values.length : null);

/**
 * A short test call that measures the network and the microphone, as Twilio's and Telnyx's
 * preflight do, on any line. Needs the media kit on the phone (it reads the call's samples).
 */
export async function preflight(phone: Phone, options: PreflightOptions = {}): Promise<PreflightReport> {
  const { destination = 'echo', durationMs = 8000 } = options;
  await phone.connect();
  const call = phone.call(destination, options.callOptions);
  const samples: QualitySample[] = [];
  const warnings = new Set<QualityWarningName>();
  call.on('sample', (sample) => samples.push(sample));
  call.on('warning', (name) => warnings.add(name));
  const answered = await new Promise<boolean>((resolve) => {
    if (call.state === 'active') return resolve(true);
    call.on('accept', () => resolve(true));
    call.on('ended', () => resolve(false));
  });
  if (answered) {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, durationMs);
      call.on('ended', () => {
        clearTimeout(timer);
        resolve();
      });
    });
    if (call.state !== 'ended') call.hangup();
    if (samples.length === 0) {
      throw new HandsetError('unsupported', 'preflight() needs the media kit: createPhone({ line, media: browserMedia() }).');
    }
  }
  const mos = average(samples.flatMap((s) => (s.mos === null ? [] : [s.mos])));
  const last = samples.at(-1);
  const endedEarly = call.end && call.end.by !== 'local' ? call.end : null;
  return {
    verdict: mos === null || !answered ? 'failed' : qualityLevel(mos),
    mos,
    rtt: average(samples.map((s) => s.rtt)),
    jitter: average(samples.map((s) => s.jitter)),
    packetLoss: last ? last.totals.packetsLostFraction : null,
    microphoneLevel: Math.max(0, ...samples.map((s) => s.audioInputLevel)),
    samples: samples.length,
    warnings: [...warnings],
    end: endedEarly,
    codec: last?.codecName ?? '',
  };
}
