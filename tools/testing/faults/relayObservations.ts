import { performance } from 'node:perf_hooks';
import type { DirectionRecord } from './impairment';
import type { Lane } from './relayLane';
import { isRtp, rtcpType, stunBinding } from './turnPackets';

export interface RelayReport {
  readonly at: number;
  readonly addedRttMs: number;
}

/** One of the phone's ICE checks answered: delivered `at`, the delay the relay added to its round trip, and the rest of it beyond the relay. */
export interface CheckRoundTrip {
  readonly at: number;
  readonly addedRttMs: number;
  readonly beyondMs: number;
}

/** What the relay saw of the phone's round trips, jitter and loss, as the phone will measure them (performance.now of this process). */
export interface RelayObservations {
  readonly reports: RelayReport[];
  readonly checkRoundTrips: CheckRoundTrip[];
  readonly jitterTimeline: { at: number; jitterMs: number }[];
  readonly lossTimeline: { at: number; lost: boolean }[];
  /** Notes a packet from the TURN server before it enters the down lane (an answer to a check, a report). */
  fromTurnServer(packet: Buffer): void;
}

/**
 * Watches both lanes: the phone's STUN checks and RTCP sender reports on their way up, and the answers and
 * reports, the RTP jitter and the losses on the way down.
 */
export function observeLanes(up: Lane, down: Lane): RelayObservations {
  // The phone's STUN checks, by transaction id: when each left toward the TURN server, and the phase it left in.
  const checks = new Map<string, { at: number; record: DirectionRecord; upDelay: number }>();
  // Answers to them on their way to the phone: the delay the request was given, and the rest of its round trip.
  const incomingAnswers = new WeakMap<Buffer, { upDelay: number; beyondMs: number }>();
  // The phone's last sender report: the delay it was given on its way out.
  let senderReportDelay = 0;
  // Reports toward the phone, queued in the down lane: the sender report delay standing when each arrived.
  const incomingReports = new WeakMap<Buffer, number>();
  const observed: RelayObservations = {
    reports: [],
    checkRoundTrips: [],
    jitterTimeline: [],
    lossTimeline: [],
    fromTurnServer(packet) {
      answered(packet);
      const type = rtcpType(packet);
      if (type === 200 || type === 201) incomingReports.set(packet, senderReportDelay);
    },
  };
  const { reports, checkRoundTrips, jitterTimeline, lossTimeline } = observed;
  down.onArrive = (packet, dropped) => {
    if (isRtp(packet)) lossTimeline.push({ at: performance.now(), lost: dropped });
  };
  up.onDeliver = (packet, record, delay) => {
    const id = stunBinding(packet, 'request');
    if (id) checks.set(id, { at: performance.now(), record, upDelay: delay });
    if (checks.size > 1000) checks.clear();
    if (rtcpType(packet) === 200) senderReportDelay = delay;
  };
  down.onDeliver = (packet, _record, delay, jitter) => {
    const now = performance.now();
    const upDelay = incomingReports.get(packet);
    if (upDelay !== undefined) reports.push({ at: now, addedRttMs: upDelay + delay });
    const answer = incomingAnswers.get(packet);
    if (answer) checkRoundTrips.push({ at: now, addedRttMs: answer.upDelay + delay, beyondMs: answer.beyondMs });
    if (jitter !== undefined && now - (jitterTimeline.at(-1)?.at ?? 0) >= 50) jitterTimeline.push({ at: now, jitterMs: jitter });
  };
  const answered = (packet: Buffer) => {
    const id = stunBinding(packet, 'response');
    const check = id ? checks.get(id) : undefined;
    if (!check || !id) return;
    checks.delete(id);
    const beyondMs = performance.now() - check.at;
    check.record.pathRttSumMs += beyondMs;
    check.record.pathRttSamples += 1;
    incomingAnswers.set(packet, { upDelay: check.upDelay, beyondMs });
  };
  return observed;
}
