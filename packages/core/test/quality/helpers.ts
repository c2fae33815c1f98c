import type { StatsReport } from '../../src/quality/sampleFromStats';
import type { QualitySample } from '../../src/quality/types';
import beep from './fixtures/loopback-beep.json';
import dead from './fixtures/loopback-dead.json';
import silent from './fixtures/loopback-silent.json';

/** A recorded report (JSON) as the Map getStats() resolves to. */
export const toReport = (json: object): StatsReport => new Map(Object.entries(json));

/** Recorded in Chromium by record-stats.browser.test.ts: a loopback call with the beeping fake microphone, 1 s apart. */
export const beepReports = beep.reports.map(toReport);
/** The same call continued with the microphone track disabled. */
export const mutedReports = beep.muted.map(toReport);
/** A loopback call whose microphone track is live, enabled and delivers digital silence... */
export const silentReports = silent.reports.map(toReport);
/** ...and the other side of it, which receives packets that carry only silence. */
export const silenceReceivedReports = silent.callee.map(toReport);
/** A loopback call whose microphone track is live and enabled but delivers no audio at all (Chromium sends nothing). */
export const deadReports = dead.reports.map(toReport);

/** A healthy sample; tests patch what they need. */
export function goodSample(patch: Partial<QualitySample> = {}): QualitySample {
  return {
    audioInputLevel: 5000,
    audioOutputLevel: 5000,
    bytesReceived: 3000,
    bytesSent: 3000,
    packetsReceived: 50,
    packetsSent: 50,
    packetsLost: 0,
    packetsLostFraction: 0,
    outboundPacketsLostFraction: 0,
    jitter: 2,
    rtt: 40,
    mos: 4.4,
    codecName: 'opus',
    timestamp: 0,
    totals: { packetsReceived: 0, packetsLost: 0, packetsLostFraction: 0, packetsSent: 0, bytesReceived: 0, bytesSent: 0 },
    ...patch,
  };
}
