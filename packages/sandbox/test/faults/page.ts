/**
 * The sandbox fault tests' page: one tab, one sandbox phone with the media kit sampling quality
 * every 500 ms, and an event log stamped with the page's clock (`t=<ms> <event>`), as in the SIP
 * line's fault page. The sandbox has no relay-only option of its own, so `connect()` sets the
 * browser's real ICE policy to `relay` for this tab's peer connections: every path then runs through
 * the TURN server the call is given (the impairment relay, for the phone under test).
 */
import { type Call, createPhone, type Phone, type QualitySample } from '@handset/core';
import { browserMedia } from '@handset/core/media';
import { type KitSample, keepSample } from '../../../../tools/testing/faults/kitSample';
import { type SandboxTiming, sandbox } from '../../src';

const log: string[] = [];
const samples: KitSample[] = [];
let phone: Phone | null = null;
let call: Call | null = null;
let iceServers: RTCIceServer[] = [];

const now = () => Math.round(performance.now());
const write = (line: string) => log.push(`t=${now()} ${line}`);

// Relay candidates only, for every peer connection of this tab.
const NativePeerConnection = window.RTCPeerConnection;
window.RTCPeerConnection = class extends NativePeerConnection {
  constructor(config: RTCConfiguration = {}) {
    super({ ...config, iceTransportPolicy: 'relay' });
  }
} as typeof RTCPeerConnection;

function follow(next: Call): void {
  call = next;
  next.on('state', (state) => write(`state ${state}`));
  next.on('reconnecting', () => write('reconnecting'));
  next.on('reconnected', () => write('reconnected'));
  next.on('warning', (warning) => write(`warning ${warning}`));
  next.on('warning-cleared', (warning) => write(`warning-cleared ${warning}`));
  next.on('error', (error) => write(`error ${error.code}`));
  next.on('ended', (end) => write(`ended ${end.reason} by=${end.by}`));
  // The kit's sample, and the browser's own figures read beside it.
  next.on('sample', (sample: QualitySample) => keepSample(sample, next.peerConnection, samples));
}

function current(): Call {
  if (!call) throw new Error('no call on this tab');
  return call;
}

const tab = {
  log,
  now,
  samples: () => [...samples],
  /** A sandbox phone for `extension` on `channel`; its calls use `servers` (TURN) and relay candidates only. */
  async connect(extension: string, channel: string, servers: RTCIceServer[], timing: Partial<SandboxTiming>) {
    iceServers = servers;
    phone = createPhone({ line: sandbox({ extension, channel, timing }), media: browserMedia({ quality: { intervalMs: 500 } }) });
    phone.on('incoming', (incoming) => {
      write('incoming');
      follow(incoming);
    });
    await phone.connect();
  },
  dial(extension: string): void {
    follow((phone as Phone).call(extension, { iceServers }));
  },
  accept: () => current().accept({ iceServers }),
  hangup: () => current().hangup(),
  state: () => call?.state ?? null,
  async inboundPackets(): Promise<number> {
    let packets = 0;
    (await current().peerConnection?.getStats())?.forEach((report) => {
      if (report.type === 'inbound-rtp' && report.kind === 'audio') packets += report.packetsReceived ?? 0;
    });
    return packets;
  },
  async selectedCandidate(): Promise<string | undefined> {
    const stats = await current().peerConnection?.getStats();
    let selected: string | undefined;
    stats?.forEach((report) => {
      if (report.type === 'transport' && report.selectedCandidatePairId) {
        selected = stats.get(stats.get(report.selectedCandidatePairId)?.localCandidateId)?.candidateType;
      }
    });
    return selected;
  },
  /** What the store holds for the call. */
  store() {
    const state = phone?.store.getState();
    const snapshot = call ? state?.calls[call.id] : undefined;
    return JSON.parse(
      JSON.stringify({
        state: snapshot?.state ?? null,
        end: snapshot?.end ?? null,
        error: snapshot?.error?.code ?? null,
        warnings: call ? (state?.quality[call.id]?.warnings ?? null) : null,
        warningsRaised: snapshot?.quality?.warningsRaised ?? null,
      }),
    );
  },
  dispose() {
    phone?.dispose();
    phone = null;
  },
};

declare global {
  interface Window {
    tab: typeof tab;
  }
}

window.addEventListener('unhandledrejection', (event) => write(`unhandledrejection ${String(event.reason)}`));
window.tab = tab;
