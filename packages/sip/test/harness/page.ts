/**
 * The test page: bundled by tools/testing/serve.ts, driven by playwright's page.evaluate.
 * Every event of every phone and call is written to `bed.log` as one line of text that the
 * tests wait for, e.g. `bob call-1 state active` or `alice registration reconnecting`.
 */
import { type Call, type CallOptions, createPhone, type Phone } from '@handset/core';
import { type BrowserMedia, browserMedia } from '@handset/core/media';
import { transferTo } from '@handset/core/parity';
import { type ContractPhone, contractPhone } from '@handset/core/testing';
import { type SipLineOptions, sip } from '../../src/index';
import { farPeer } from './farPeer';

const phones = new Map<string, Phone>();
const calls = new Map<string, Call>();
const kits = new Map<string, BrowserMedia>();
const lines = new Map<string, ReturnType<typeof sip>>();
/** The release each phone's last `warmUp()` returned. */
const warmReleases = new Map<string, () => void>();
const log: string[] = [];
const sipLog: string[] = [];
const pcSerials = new WeakMap<RTCPeerConnection, number>();
let pcCount = 0;

function write(line: string): void {
  log.push(line);
}

function watch(name: string, call: Call): void {
  calls.set(call.id, call);
  const id = call.id;
  call.on('state', (state) => write(`${name} ${id} state ${state}`));
  call.on('ringing', (early) => write(`${name} ${id} ringing early=${early}`));
  call.on('hold', (by) => write(`${name} ${id} hold ${by}`));
  call.on('unhold', (by) => write(`${name} ${id} unhold ${by}`));
  call.on('dtmf', (digit) => write(`${name} ${id} dtmf ${digit}`));
  call.on('info', (type, body, headers) =>
    write(`${name} ${id} info ${type} ${body}${headers.map((h) => ` ${h.name}=${h.value}`).join('')}`),
  );
  call.on('messageReceived', (message) => write(`${name} ${id} message ${JSON.stringify(message.content)}`));
  call.on('messageSent', (message) => write(`${name} ${id} messageSent ${JSON.stringify(message.content)}`));
  call.on('error', (error) => write(`${name} ${id} error ${error.code} ${error.message}`));
  call.on('reconnecting', () => write(`${name} ${id} reconnecting`));
  call.on('reconnected', () => write(`${name} ${id} reconnected`));
  call.on('ended', (end) => write(`${name} ${id} ended ${end.reason} by=${end.by} code=${end.sipCode ?? '-'}`));
}

function callOf(id: string): Call {
  const call = calls.get(id);
  if (!call) throw new Error(`no call ${id}`);
  return call;
}

const contracts = new Map<string, ContractPhone>();

const bed = {
  /** The Line contract suite's view of a connected phone (`contractPhone`): calls one of its methods by name. */
  contract(name: string, method: keyof ContractPhone, args: unknown[]): unknown {
    let contract = contracts.get(name);
    if (!contract) {
      const phone = phones.get(name);
      if (!phone) throw new Error(`no phone ${name}`);
      contract = contractPhone(phone, `sip:${name}@handset.test`);
      contracts.set(name, contract);
    }
    const member = contract[method];
    return typeof member === 'function' ? (member as (...a: unknown[]) => unknown)(...args) : member;
  },
  log,
  sipLog,
  /** Creates a phone on the SIP line and connects it; resolves with the outcome instead of throwing. */
  async connect(name: string, options: SipLineOptions & { keepSipLog?: boolean; withMedia?: boolean; withQuality?: boolean }) {
    const { keepSipLog, withMedia, withQuality, ...lineOptions } = options;
    const line = sip({
      ...lineOptions,
      ...(keepSipLog
        ? { log: (level: string, category: string, message: string) => sipLog.push(`${name} ${level} ${category} ${message}`) }
        : {}),
    });
    lines.set(name, line);
    // A new far party (after a transfer) is logged as the line reports it; the core's snapshot has it too.
    const start = line.start.bind(line);
    line.start = (sink, env) =>
      start((signal) => {
        if (signal.type === 'remote') write(`${name} ${signal.callId} remote=${signal.remote.number}`);
        sink(signal);
      }, env);
    // withQuality: the media kit samples call quality once a second (`quality(name, id)` reads it).
    const media = withMedia || withQuality ? browserMedia(withQuality ? {} : { quality: false }) : undefined;
    if (media) kits.set(name, media);
    const phone = createPhone({ line, ...(media ? { media } : {}) });
    phones.set(name, phone);
    phone.on('registration', (state) => write(`${name} registration ${state}`));
    phone.on('error', (error) => write(`${name} error ${error.code} ${error.message}`));
    phone.on('incoming', (call) => {
      watch(name, call);
      write(`${name} incoming ${call.id} from=${call.remote.number} name=${call.remote.name ?? '-'}`);
    });
    try {
      await phone.connect();
      return { ok: true as const };
    } catch (error) {
      const e = error as { code?: string; message?: string };
      return { ok: false as const, code: e.code, message: e.message };
    }
  },
  /** Whether the phone's media kit (withMedia) is playing the ringback now. */
  ringback(name: string): boolean | undefined {
    const kit = kits.get(name);
    return kit ? kit.sounds.call.getSnapshot().ringback : undefined;
  },
  /** The media kit's live quality of a call (latest sample, MOS, level, warnings), as the phone's store has it. */
  quality(name: string, id: string) {
    const quality = phones.get(name)?.store.getState().quality[id];
    return quality ? JSON.parse(JSON.stringify(quality)) : null;
  },
  registration(name: string) {
    return phones.get(name)?.registration;
  },
  dial(name: string, destination: string, options?: CallOptions): string {
    const phone = phones.get(name);
    if (!phone) throw new Error(`no phone ${name}`);
    const call = phone.call(destination, options);
    watch(name, call);
    return call.id;
  },
  /** `line.warmUp()` on a phone's line (as an app does when its dial pad takes focus); `release` calls what it returned. */
  warmUp(name: string): void {
    const line = lines.get(name);
    if (!line) throw new Error(`no line ${name}`);
    warmReleases.set(name, line.warmUp());
  },
  release(name: string): void {
    warmReleases.get(name)?.();
    warmReleases.delete(name);
  },
  /** The id of the microphone track the call's peer connection sends. */
  sentTrackId(id: string): string | undefined {
    return callOf(id)
      .peerConnection?.getSenders()
      .find((sender) => sender.track?.kind === 'audio')?.track?.id;
  },
  /** The newest incoming call of a phone. */
  incoming(name: string): string | undefined {
    const line = [...log].reverse().find((l) => l.startsWith(`${name} incoming `));
    return line?.split(' ')[2];
  },
  act(id: string, method: string, ...args: unknown[]): string {
    const call = callOf(id) as unknown as Record<string, (...a: unknown[]) => unknown>;
    call[method]?.(...args);
    return callOf(id).state;
  },
  snapshot(id: string) {
    return JSON.parse(JSON.stringify(callOf(id).snapshot));
  },
  /** Inbound RTP audio packets so far on the call's peer connection. */
  async inboundAudioPackets(id: string): Promise<number> {
    const pc = callOf(id).peerConnection;
    if (!pc) return -1;
    let packets = 0;
    (await pc.getStats()).forEach((report) => {
      if (report.type === 'inbound-rtp' && report.kind === 'audio') packets += report.packetsReceived ?? 0;
    });
    return packets;
  },
  /** The candidate types of the local SDP and of the selected pair's local candidate. */
  async candidates(id: string) {
    const pc = callOf(id).peerConnection;
    if (!pc) return null;
    const offered = [...(pc.localDescription?.sdp ?? '').matchAll(/a=candidate:.* typ (\w+)/g)].map((m) => m[1]);
    let selected: string | undefined;
    const stats = await pc.getStats();
    stats.forEach((report) => {
      if (report.type === 'transport' && report.selectedCandidatePairId) {
        const pair = stats.get(report.selectedCandidatePairId);
        selected = stats.get(pair?.localCandidateId)?.candidateType;
      }
    });
    return { offered, selected };
  },
  /** A number naming the call's current peer connection (it changes when a transfer replaces the session). */
  pcSerial(id: string): number {
    const pc = callOf(id).peerConnection;
    if (!pc) return 0;
    if (!pcSerials.has(pc)) pcSerials.set(pc, ++pcCount);
    return pcSerials.get(pc) as number;
  },
  /** Logs the tones the call's RTCDTMFSender plays (RFC 4733), as `<name> <id> rtpTone <tone>`. */
  watchDtmfSender(name: string, id: string): boolean {
    const sender = callOf(id)
      .peerConnection?.getSenders()
      .find((s) => s.dtmf);
    if (!sender?.dtmf) return false;
    sender.dtmf.addEventListener('tonechange', (event) => {
      if (event.tone) write(`${name} ${id} rtpTone ${event.tone}`);
    });
    return true;
  },
  /**
   * Makes the call's peer connection report `state` (connectionState and iceConnectionState) and
   * fires their change events, as if ICE had failed; `keep` false takes the pretence back at once
   * (the real, working state shows again), true keeps it until `fakeMediaState(id, null)`.
   */
  fakeMediaState(id: string, state: RTCPeerConnectionState | null, keep = false): boolean {
    const pc = callOf(id).peerConnection;
    if (!pc) return false;
    const clear = () => {
      delete (pc as unknown as Record<string, unknown>).connectionState;
      delete (pc as unknown as Record<string, unknown>).iceConnectionState;
    };
    if (state === null) {
      clear();
    } else {
      Object.defineProperty(pc, 'connectionState', { configurable: true, get: () => state });
      Object.defineProperty(pc, 'iceConnectionState', { configurable: true, get: () => state });
    }
    pc.dispatchEvent(new Event('iceconnectionstatechange'));
    pc.dispatchEvent(new Event('connectionstatechange'));
    if (!keep) clear();
    return true;
  },
  /**
   * Logs the call's peer connection states as they change, as
   * `<name> <id> pc ice=<iceConnectionState> connection=<connectionState> t=<ms since the page loaded>`.
   */
  watchPeerConnection(name: string, id: string): boolean {
    const pc = callOf(id).peerConnection;
    if (!pc) return false;
    const report = () =>
      write(`${name} ${id} pc ice=${pc.iceConnectionState} connection=${pc.connectionState} t=${Math.round(performance.now())}`);
    pc.addEventListener('iceconnectionstatechange', report);
    pc.addEventListener('connectionstatechange', report);
    return true;
  },
  /** The call's peer connection ICE and connection (ICE + DTLS) states now. */
  pcStates(id: string) {
    const pc = callOf(id).peerConnection;
    return pc ? { ice: pc.iceConnectionState, connection: pc.connectionState } : null;
  },
  /** The audio transceiver's direction (what we ask) and currentDirection (what was agreed). */
  audioDirections(id: string) {
    const transceiver = callOf(id)
      .peerConnection?.getTransceivers()
      .find((t) => t.receiver.track.kind === 'audio');
    return transceiver ? { direction: transceiver.direction, current: transceiver.currentDirection } : null;
  },
  /** The call's peer connection signalling state (`stable` once no offer is left pending). */
  signalingState(id: string): RTCSignalingState | undefined {
    return callOf(id).peerConnection?.signalingState;
  },
  /**
   * A slow uplink for re-INVITEs: this page's in-dialog INVITEs leave `ms` late. Two pages holding
   * at once then both have theirs out before either arrives, so the two cross (glare) every time.
   */
  delayReinvites(ms: number): void {
    const send = WebSocket.prototype.send;
    WebSocket.prototype.send = function (this: WebSocket, data: Parameters<WebSocket['send']>[0]) {
      const reinvite = typeof data === 'string' && data.startsWith('INVITE ') && /\r\nTo:[^\r\n]*;tag=/i.test(data);
      if (reinvite) setTimeout(() => send.call(this, data), ms);
      else send.call(this, data);
    };
  },
  /** Fires the browser's `online`, or `visibilitychange` with the page showing `visibility`. */
  wake(event: 'online' | 'visibilitychange', visibility: DocumentVisibilityState = 'visible'): void {
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => visibility });
    if (event === 'online') window.dispatchEvent(new Event('online'));
    else document.dispatchEvent(new Event('visibilitychange'));
  },
  /** The ICE username fragment of the call's local and remote descriptions. */
  iceUfrags(id: string) {
    const pc = callOf(id).peerConnection;
    const ufrag = (sdp: string | undefined) => /a=ice-ufrag:(\S+)/.exec(sdp ?? '')?.[1];
    return { local: ufrag(pc?.localDescription?.sdp), remote: ufrag(pc?.remoteDescription?.sdp) };
  },
  /** SIP messages this phone received or sent that contain `text` (needs keepSipLog). */
  sipLines(name: string, text: string): string[] {
    return sipLog.filter((line) => line.startsWith(`${name} `) && line.includes(text));
  },
  /** Attended transfer: `transferTo(call, other)` from the parity entry. */
  attendedTransfer(id: string, targetId: string): void {
    transferTo(callOf(id), callOf(targetId));
  },
  /** phone.connect() again on an existing phone; resolves with the outcome. */
  async reconnect(name: string) {
    try {
      await phones.get(name)?.connect();
      return { ok: true as const };
    } catch (error) {
      return { ok: false as const, message: (error as Error).message };
    }
  },
  async disconnect(name: string) {
    await phones.get(name)?.disconnect();
  },
  dispose(name: string) {
    contracts.delete(name);
    phones.get(name)?.dispose();
    phones.delete(name);
    kits.delete(name);
    lines.delete(name);
    warmReleases.delete(name);
  },
};

declare global {
  interface Window {
    bed: typeof bed;
    /** The far side's media when the phone talks to the SIP stub (see farPeer.ts). */
    farPeer: typeof farPeer;
  }
}

window.addEventListener('unhandledrejection', (event) => write(`unhandledrejection ${String(event.reason)}`));
window.bed = bed;
window.farPeer = farPeer;
