/**
 * The fault tests' page: SIP phones with the media kit sampling quality at a short interval, and an
 * event log of everything the kit tells (states, warnings raised and cleared, reconnections, ends,
 * registration), each line stamped with the page's clock: `t=<ms> <name> <id> warning high-rtt`.
 * Every quality sample is kept too, so that a test can read the MOS the kit reported over a phase.
 */
import { type Call, createPhone, type Phone, type QualitySample } from '@handset/core';
import { browserMedia } from '@handset/core/media';
import { type KitSample, keepSample } from '../../../../tools/testing/faults/kitSample';
import { type SipLineOptions, sip } from '../../src/index';

const phones = new Map<string, Phone>();
const calls = new Map<string, Call>();
const samples = new Map<string, KitSample[]>();
const log: string[] = [];
/** When each REGISTER left a phone (page time), by phone name. */
const registersSent = new Map<string, number[]>();

const now = () => Math.round(performance.now());
const write = (line: string) => log.push(`t=${now()} ${line}`);

function watch(name: string, call: Call): void {
  calls.set(call.id, call);
  const id = call.id;
  samples.set(id, []);
  call.on('state', (state) => write(`${name} ${id} state ${state}`));
  call.on('reconnecting', (error) => write(`${name} ${id} reconnecting ${error?.code ?? '-'}`));
  call.on('reconnected', () => write(`${name} ${id} reconnected`));
  call.on('warning', (warning) => write(`${name} ${id} warning ${warning}`));
  call.on('warning-cleared', (warning) => write(`${name} ${id} warning-cleared ${warning}`));
  call.on('error', (error) => write(`${name} ${id} error ${error.code}`));
  call.on('hold', (by) => write(`${name} ${id} hold ${by}`));
  call.on('unhold', (by) => write(`${name} ${id} unhold ${by}`));
  call.on('ended', (end) => write(`${name} ${id} ended ${end.reason} by=${end.by}`));
  // The kit's sample, and the browser's own figures read beside it.
  call.on('sample', (sample: QualitySample) => keepSample(sample, call.peerConnection, samples.get(id) ?? []));
}

function callOf(id: string): Call {
  const call = calls.get(id);
  if (!call) throw new Error(`no call ${id}`);
  return call;
}

const faults = {
  log,
  now,
  /** A phone on the SIP line with the media kit; quality sampled every `intervalMs`. */
  async connect(name: string, options: SipLineOptions, intervalMs: number) {
    registersSent.set(name, []);
    // SIP.js logs each message it sends: the REGISTERs are counted from there.
    const countRegisters = (_level: string, _category: string, message: string) => {
      if (/^Sending WebSocket message:\s+REGISTER /.test(message)) registersSent.get(name)?.push(now());
    };
    const line = sip({ ...options, log: countRegisters });
    const phone = createPhone({ line, media: browserMedia({ quality: { intervalMs } }) });
    phones.set(name, phone);
    phone.on('registration', (state) => write(`${name} registration ${state}`));
    phone.on('error', (error) => write(`${name} error ${error.code}`));
    phone.on('incoming', (call) => {
      watch(name, call);
      write(`${name} incoming ${call.id}`);
    });
    try {
      await phone.connect();
      return { ok: true as const };
    } catch (error) {
      return { ok: false as const, message: (error as Error).message };
    }
  },
  dial(name: string, destination: string): string {
    const phone = phones.get(name);
    if (!phone) throw new Error(`no phone ${name}`);
    const call = phone.call(destination);
    watch(name, call);
    return call.id;
  },
  act(id: string, method: 'accept' | 'hangup' | 'hold' | 'unhold'): string {
    callOf(id)[method]();
    return callOf(id).state;
  },
  state: (id: string) => callOf(id).state,
  registersSent: (name: string): number[] => registersSent.get(name) ?? [],
  samples: (id: string): KitSample[] => samples.get(id) ?? [],
  /** Inbound RTP audio packets so far on the call's current peer connection. */
  async inboundPackets(id: string): Promise<number> {
    const pc = callOf(id).peerConnection;
    let packets = 0;
    (await pc?.getStats())?.forEach((report) => {
      if (report.type === 'inbound-rtp' && report.kind === 'audio') packets += report.packetsReceived ?? 0;
    });
    return packets;
  },
  /** The ICE username fragment of the call's local description (an ICE restart changes it). */
  iceUfrag: (id: string) => /a=ice-ufrag:(\S+)/.exec(callOf(id).peerConnection?.localDescription?.sdp ?? '')?.[1] ?? null,
  /** The selected pair's local candidate type (relay when forced through TURN). */
  async selectedCandidate(id: string): Promise<string | undefined> {
    const stats = await callOf(id).peerConnection?.getStats();
    let selected: string | undefined;
    stats?.forEach((report) => {
      if (report.type === 'transport' && report.selectedCandidatePairId) {
        const pair = stats.get(report.selectedCandidatePairId);
        selected = stats.get(pair?.localCandidateId)?.candidateType;
      }
    });
    return selected;
  },
  /** What the phone's store holds for the call and the registration (plain data). */
  store(name: string, id: string) {
    const state = phones.get(name)?.store.getState();
    if (!state) return null;
    const call = state.calls[id];
    return JSON.parse(
      JSON.stringify({
        registration: state.registration.state,
        registrationError: state.registration.error?.code ?? null,
        state: call?.state ?? null,
        end: call?.end ?? null,
        error: call?.error?.code ?? null,
        warnings: state.quality[id]?.warnings ?? null,
        warningsRaised: call?.quality?.warningsRaised ?? null,
      }),
    );
  },
  dispose(name: string) {
    phones.get(name)?.dispose();
    phones.delete(name);
  },
};

declare global {
  interface Window {
    faults: typeof faults;
  }
}

window.addEventListener('unhandledrejection', (event) => write(`unhandledrejection ${String(event.reason)}`));
window.faults = faults;
