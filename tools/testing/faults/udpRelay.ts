/**
 * A UDP impairment relay on loopback, placed in front of a TURN server: a phone given
 * `turn:<relay>` as its ICE server (relay-only) sends its allocations, permissions and media through
 * it, and the relay loses, delays, jitters or blacks out those datagrams on their way. The kernel
 * here has no netem, so this is netem's job done in user space, for the traffic of one phone.
 *
 * "up" is from the phone toward the TURN server, "down" toward the phone. Every change starts a
 * new phase in the record, which tallies what was really done to the media (TURN ChannelData and
 * Send/Data indications): tests compare the kit's view with these figures, not the browser's.
 */
import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import { type Impairment, noImpairment } from './impairment';
import { Lane } from './relayLane';
import { type CheckRoundTrip, observeLanes, type RelayReport } from './relayObservations';
import { type AppliedFigures, type Phase, RelayPhases } from './relayPhases';

export type { CheckRoundTrip, RelayReport } from './relayObservations';
export type { AppliedFigures, Phase } from './relayPhases';

export interface UdpImpairmentRelay {
  /** An RTCIceServer for the phone: the TURN server's credentials at the relay's address. */
  readonly iceServer: { urls: string; username: string; credential: string };
  readonly port: number;
  /** Applies `impairment` from now on (both directions unless `down` is given for the way toward the phone). */
  impair(label: string, up: Impairment, down?: Impairment): void;
  /** Back to no impairment. */
  clear(label?: string): void;
  /** Drops everything both ways for `ms`, then goes back to what was applied before. Resolves when it ends. */
  blackout(ms: number, label?: string): Promise<void>;
  /** Every phase so far, oldest first. */
  readonly phases: readonly Phase[];
  /**
   * Every RTCP report delivered to the phone (the far end's SR or RR), as the phone computes a round
   * trip from it: `at` (this process's performance.now) and the delay the relay added to it and to the
   * phone's last sender report before it, which is what the relay added to that round trip.
   */
  readonly reports: readonly RelayReport[];
  /** The phone's ICE checks, answered (its candidate pair's round trip comes from these). */
  readonly checkRoundTrips: readonly CheckRoundTrip[];
  /** RFC 3550 jitter of the stream toward the phone as the relay delivers it, about every 50 ms (performance.now of this process). */
  readonly jitterTimeline: readonly { readonly at: number; readonly jitterMs: number }[];
  /** Each RTP packet toward the phone as it reached the relay (performance.now of this process), and whether it was dropped. */
  readonly lossTimeline: readonly { readonly at: number; readonly lost: boolean }[];
  /** The applied figures of the phase with this label (the latest, if several). */
  figures(label: string): AppliedFigures;
  close(): Promise<void>;
}

interface TurnServer {
  readonly urls: string;
  readonly username: string;
  readonly credential: string;
}

/**
 * Starts the relay on 127.0.0.1 in front of `turn` (a `turn:127.0.0.1:PORT?transport=udp` server).
 * Each phone address gets its own socket toward the TURN server, as a NAT would give it.
 */
export async function startUdpImpairmentRelay(turn: TurnServer, seed = 19): Promise<UdpImpairmentRelay> {
  const match = /^turn:([\d.]+):(\d+)/.exec(turn.urls);
  if (!match) throw new Error(`not a turn:host:port URL: ${turn.urls}`);
  const target = { address: match[1] as string, port: Number(match[2]) };
  const front = createSocket('udp4');
  await new Promise<void>((resolve) => front.bind(0, '127.0.0.1', resolve));
  const port = front.address().port;
  const up = new Lane(seed);
  const down = new Lane(seed + 1);
  const clients = new Map<string, Socket>();
  const observed = observeLanes(up, down);
  const record = new RelayPhases(up, down);

  const upstreamFor = (from: RemoteInfo): Socket => {
    const key = `${from.address}:${from.port}`;
    let socket = clients.get(key);
    if (socket) return socket;
    const created = createSocket('udp4');
    created.bind(0, '127.0.0.1');
    created.on('message', (packet: Buffer) => {
      observed.fromTurnServer(packet);
      down.push(packet, (p) => front.send(p, from.port, from.address));
    });
    created.on('error', () => {});
    clients.set(key, created);
    socket = created;
    return socket;
  };

  front.on('message', (packet: Buffer, from: RemoteInfo) => {
    const upstream = upstreamFor(from);
    up.push(packet, (p) => upstream.send(p, target.port, target.address));
  });
  front.on('error', () => {});

  const relay: UdpImpairmentRelay = {
    iceServer: { urls: `turn:127.0.0.1:${port}?transport=udp`, username: turn.username, credential: turn.credential },
    port,
    impair(label, upImpairment, downImpairment = upImpairment) {
      record.impair(label, upImpairment, downImpairment);
    },
    clear(label = 'none') {
      relay.impair(label, noImpairment);
    },
    blackout(ms, label = `blackout ${ms} ms`) {
      return record.blackout(ms, label);
    },
    phases: record.phases,
    reports: observed.reports,
    checkRoundTrips: observed.checkRoundTrips,
    jitterTimeline: observed.jitterTimeline,
    lossTimeline: observed.lossTimeline,
    figures: (label) => record.figures(label),
    async close() {
      record.stop();
      up.stop();
      down.stop();
      const sockets = [front, ...clients.values()];
      clients.clear();
      await Promise.all(sockets.map((socket) => new Promise<void>((resolve) => socket.close(() => resolve()))));
    },
  };
  return relay;
}
