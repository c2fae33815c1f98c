/**
 * A test page standing for one browser tab with a softphone on the sandbox line.
 * Playwright drives it through `window.tab`.
 */
import { type Call, type CallState, createPhone, type Phone } from '@handset/core';
import { sandbox } from '../../src';
import { inboundAudio, peakInboundLevel, reach } from '../support/calls';

let phone: Phone | null = null;
let call: Call | null = null;
const events: string[] = [];

function current(): Call {
  if (!call) throw new Error('no call on this tab');
  return call;
}

function follow(next: Call): void {
  call = next;
  next.on('state', (state) => events.push(`state:${state}`));
  next.on('hold', (by) => events.push(`hold:${by}`));
  next.on('unhold', (by) => events.push(`unhold:${by}`));
  next.on('ended', (end) => events.push(`ended:${end.reason}:${end.by}`));
}

const tab = {
  async connect(extension: string, channel: string): Promise<void> {
    phone = createPhone({ line: sandbox({ extension, channel, displayName: extension.toUpperCase() }) });
    phone.on('incoming', (incoming) => {
      events.push(`incoming:${incoming.remote.number}`);
      follow(incoming);
    });
    await phone.connect();
  },
  dial(extension: string): void {
    follow((phone as Phone).call(extension));
  },
  reach(state: CallState, timeoutMs?: number): Promise<void> {
    return reach(current(), state, timeoutMs);
  },
  state: (): CallState | null => call?.state ?? null,
  remoteHold: (): boolean => call?.snapshot.remoteHold ?? false,
  events: (): string[] => [...events],
  accept: () => current().accept(),
  hold: () => current().hold(),
  unhold: () => current().unhold(),
  hangup: () => current().hangup(),
  /** Inbound audio on this tab: packets so far and the loudest level over 800 ms. */
  async inbound(): Promise<{ packets: number; peak: number }> {
    const pc = current().peerConnection as RTCPeerConnection;
    const peak = await peakInboundLevel(pc, 800);
    return { packets: (await inboundAudio(pc)).packetsReceived, peak };
  },
  /** Open connections and live tracks of the last call (after it ended: none). */
  leftovers(): { pcState: string | null; tracks: string[] } {
    return { pcState: lastPc?.signalingState ?? null, tracks: lastTracks.map((t) => t.readyState) };
  },
};

let lastPc: RTCPeerConnection | null = null;
let lastTracks: MediaStreamTrack[] = [];
setInterval(() => {
  if (call?.peerConnection) {
    lastPc = call.peerConnection;
    lastTracks = [...(call.getLocalStream()?.getTracks() ?? []), ...(call.getRemoteStream()?.getTracks() ?? [])];
  }
}, 100);

(window as unknown as { tab: typeof tab }).tab = tab;
