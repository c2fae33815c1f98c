/**
 * The fault bed's own parts, on loopback with real sockets: the loss models give the rates they
 * promise, the E-model matches the kit's documented formula, the UDP relay drops, delays and blacks
 * out what it says (and records it), and the signalling proxy delays, closes and black-holes.
 */
import { createSocket, type Socket } from 'node:dgram';
import { createConnection, createServer, type Server, type Socket as TcpSocket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { computeMos } from '../../../packages/core/src/quality/mos';
import { eModelMos } from './eModel';
import { type Baseline, judgeWindow, sustainedLoadRttMs } from './expected';
import { type LossModel, lossDecider, seededRandom } from './impairment';
import type { KitSample } from './kitSample';
import { startSignallingProxy } from './signallingProxy';
import { type AppliedFigures, startUdpImpairmentRelay } from './udpRelay';
import { warningCauses } from './warningCauses';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** Polls until `ok()` (bounded: 5 s), for what must arrive; a fixed wait only where nothing may. */
async function until(ok: () => boolean): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!ok() && Date.now() < deadline) await sleep(20);
}

function drops(model: LossModel, packets: number): boolean[] {
  const lose = lossDecider(model, seededRandom(7));
  return Array.from({ length: packets }, () => lose());
}

describe('loss models', () => {
  it('random loses about its percentage; even loses exactly one in each block', () => {
    const random = drops({ kind: 'random', percent: 5 }, 20_000).filter(Boolean).length;
    expect(random / 200).toBeGreaterThan(4.5);
    expect(random / 200).toBeLessThan(5.5);
    const even = drops({ kind: 'even', percent: 5 }, 2000);
    for (let block = 0; block < 100; block++) expect(even.slice(block * 20, block * 20 + 20).filter(Boolean)).toHaveLength(1);
  });

  it('bursty loses its percentage in bursts of about meanBurst packets', () => {
    const lost = drops({ kind: 'bursty', percent: 5, meanBurst: 3 }, 50_000);
    expect(lost.filter(Boolean).length / 500).toBeGreaterThan(4.3);
    expect(lost.filter(Boolean).length / 500).toBeLessThan(5.7);
    const bursts = lost.filter((d, i) => d && !lost[i - 1]).length;
    expect(lost.filter(Boolean).length / bursts).toBeGreaterThan(2.6);
    expect(lost.filter(Boolean).length / bursts).toBeLessThan(3.4);
  });
});

describe('E-model', () => {
  it('is the formula the kit documents, and never rises with latency', () => {
    for (const [rtt, jitter, loss] of [
      [0, 0, 0],
      [100, 10, 1],
      [500, 30, 5],
      [990, 0, 0],
      [1200, 0, 0],
      [50, 0, 40],
    ] as const) {
      expect(eModelMos(rtt, jitter, loss)).toBeCloseTo(computeMos(rtt, jitter, loss), 10);
    }
    for (let rtt = 0; rtt < 1500; rtt += 10) expect(eModelMos(rtt + 10, 0, 2)).toBeLessThanOrEqual(eModelMos(rtt, 0, 2));
  });
});

/** A UDP echo server standing for the TURN server. */
async function udpEcho(): Promise<{ port: number; socket: Socket }> {
  const socket = createSocket('udp4');
  socket.on('message', (packet, from) => socket.send(packet, from.port, from.address));
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  cleanups.push(() => new Promise<void>((resolve) => socket.close(() => resolve())));
  return { port: socket.address().port, socket };
}

/** A ChannelData message (channel 0x4000) carrying `index`. */
const channelData = (index: number) => {
  const packet = Buffer.alloc(8);
  packet.writeUInt16BE(0x4000, 0);
  packet.writeUInt16BE(4, 2);
  packet.writeUInt32BE(index, 4);
  return packet;
};

describe('UDP impairment relay', () => {
  it('drops what its loss model says both ways, delays by what it is told, blacks out, and records it all', async () => {
    const echo = await udpEcho();
    const relay = await startUdpImpairmentRelay({ urls: `turn:127.0.0.1:${echo.port}?transport=udp`, username: 'u', credential: 'c' });
    cleanups.push(() => relay.close());
    expect(relay.iceServer.urls).toBe(`turn:127.0.0.1:${relay.port}?transport=udp`);
    const phone = createSocket('udp4');
    await new Promise<void>((resolve) => phone.bind(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise<void>((resolve) => phone.close(() => resolve())));
    const back: { index: number; at: number }[] = [];
    phone.on('message', (packet: Buffer) => back.push({ index: packet.readUInt32BE(4), at: performance.now() }));
    const send = (index: number) => phone.send(channelData(index), relay.port, '127.0.0.1');

    relay.impair('10% even loss', { loss: { kind: 'even', percent: 10 } });
    // In batches of 20, each after the one before is back: a burst of 200 can overflow a socket's
    // receive buffer while a loaded machine keeps this process from reading it, and that loss is not the relay's.
    for (let batch = 0; batch < 10; batch++) {
      for (let i = batch * 20; i < batch * 20 + 20; i++) send(i);
      await until(() => relay.figures('10% even loss').up.packets >= batch * 20 + 20 && back.length >= (batch + 1) * 16.2 - 1);
    }
    await until(() => back.length >= 162);
    // Nothing more comes.
    await sleep(100);
    const lossy = relay.figures('10% even loss');
    expect(lossy.up.lossPercent).toBe(10);
    // The echo's 180 come back through the down lane, which loses 10% of them.
    expect(lossy.down.packets).toBe(180);
    expect(back).toHaveLength(162);

    back.length = 0;
    relay.impair('100 ms each way', { delayMs: 100 });
    const sentAt = performance.now();
    send(1000);
    await until(() => back.length > 0);
    expect(back).toHaveLength(1);
    expect((back[0] as { at: number }).at - sentAt).toBeGreaterThanOrEqual(199);
    expect(relay.figures('100 ms each way').rttMs).toBeGreaterThanOrEqual(200);

    back.length = 0;
    const over = relay.blackout(300, 'blackout');
    send(2000);
    await over;
    send(2001);
    await until(() => back.length > 0);
    expect(back.map((b) => b.index)).toEqual([2001]);
    expect(relay.figures('blackout').up).toMatchObject({ packets: 1, lossPercent: 100 });
    expect(relay.phases.map((p) => p.label)).toEqual([
      'none',
      '10% even loss',
      '100 ms each way',
      'blackout',
      '100 ms each way (after blackout)',
    ]);
  });
});

/** A TCP echo server standing for Kamailio; `sockets` are its side of each connection. */
async function tcpEcho(): Promise<{ port: number; server: Server; sockets: TcpSocket[] }> {
  const sockets: TcpSocket[] = [];
  const server = createServer((socket) => {
    sockets.push(socket);
    socket.on('data', (data) => socket.write(data));
    socket.on('error', () => {});
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => {
    for (const socket of sockets) socket.destroy();
    return new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return { port: (server.address() as { port: number }).port, server, sockets };
}

async function client(port: number): Promise<{ socket: TcpSocket; received: string[]; closed: () => boolean }> {
  const socket = createConnection({ host: '127.0.0.1', port });
  const received: string[] = [];
  let closed = false;
  socket.on('data', (data) => received.push(data.toString()));
  socket.on('close', () => {
    closed = true;
  });
  socket.on('error', () => {});
  await new Promise((resolve) => socket.once('connect', resolve));
  cleanups.push(() => {
    socket.destroy();
  });
  return { socket, received, closed: () => closed };
}

describe('signalling proxy', () => {
  it('passes, delays, black-holes (connection kept, nothing passes; new connections pass) and closes', async () => {
    const echo = await tcpEcho();
    const proxy = await startSignallingProxy({ port: echo.port });
    cleanups.push(() => proxy.close());
    const port = Number(new URL(proxy.wsUrl).port);

    const first = await client(port);
    first.socket.write('hello');
    await until(() => first.received.join('') === 'hello');
    expect(first.received.join('')).toBe('hello');

    proxy.delay(200);
    const sentAt = Date.now();
    first.socket.write('slow');
    await until(() => first.received.join('') === 'helloslow');
    expect(first.received.join('')).toBe('helloslow');
    // 200 ms toward the server and 200 ms back.
    expect(Date.now() - sentAt).toBeGreaterThanOrEqual(399);
    proxy.delay(0);

    expect(proxy.blackHole()).toBe(1);
    first.socket.write('lost');
    echo.sockets[0]?.write('unheard');
    await sleep(200);
    expect(first.received.join('')).toBe('helloslow');
    expect(first.closed()).toBe(false);
    expect(echo.sockets[0]?.destroyed).toBe(false);

    const second = await client(port);
    second.socket.write('again');
    await until(() => second.received.length > 0);
    expect(second.received.join('')).toBe('again');
    expect(proxy.connections).toBe(2);

    proxy.closeAll();
    await until(() => first.closed() && second.closed());
    expect(second.closed()).toBe(true);
    expect(first.closed()).toBe(true);
  });
});

/** A kit sample at page time `t` (raw figures as the browser's, unless given). */
const sample = (t: number, rtt: number, jitter = 2, loss = 0, raw: Partial<KitSample> = {}): KitSample => ({
  t,
  mos: computeMos(rtt, jitter, loss),
  rtt,
  jitter,
  loss,
  outboundLoss: 0,
  packetsReceived: 50,
  rawRtt: rtt,
  rawJitter: jitter,
  pairRtt: null,
  ...raw,
});

const quiet: AppliedFigures = {
  rttMs: 0,
  pathRttMs: 0,
  jitterMs: 2,
  lossPercent: 0,
  up: { packets: 1, lossPercent: 0, delayMs: 0, delayMaxMs: 0, jitterMs: 2, jitterMaxMs: 2 },
  down: { packets: 1, lossPercent: 0, delayMs: 0, delayMaxMs: 0, jitterMs: 2, jitterMaxMs: 2 },
};
const baseline: Baseline = { rttMs: 10, jitterMs: 2, relay: quiet };
/** The relay's view: reports (relay clock = page clock here) and a steady 2 ms delivery jitter. */
const relayView = (reports: { at: number; addedRttMs: number }[]) => ({
  reports,
  jitterTimeline: [{ at: 0, jitterMs: 2 }],
  lossTimeline: [],
});

describe('judging the kit against the relay', () => {
  // Reports at 1000 (nothing added), 5000 (+500 ms), 10000 (+500 ms); samples every 500 ms.
  const reports = [
    { at: 1000, addedRttMs: 0 },
    { at: 5000, addedRttMs: 500 },
    { at: 10_000, addedRttMs: 500 },
  ];
  const timeline = (rttAt: (t: number) => number, raw: (t: number) => Partial<KitSample> = () => ({})) =>
    Array.from({ length: 26 }, (_, i) => 500 * (i + 1)).map((t) => sample(t, rttAt(t), 2, 0, raw(t)));

  it('matches each run of samples to the report behind it, and agrees when the kit shows what the relay did', () => {
    const all = timeline((t) => (t < 1000 ? 5 : t < 5000 ? 10 : 510));
    const verdict = judgeWindow(all.slice(10), all, relayView(reports), 0, baseline, 0);
    expect(verdict.judged).toBe(16);
    expect(verdict.overloaded).toEqual([]);
    expect(verdict.kit).toBeCloseTo(verdict.expected, 6);
  });

  it('leaves out a report that load delayed only when the browser measured the same, and never a report better than the relay allows', () => {
    // The report of 10000 came 200 ms late by the machine (browser-measured): left out as load.
    const loaded = timeline((t) => (t < 1000 ? 5 : t < 5000 ? 10 : t < 10_000 ? 510 : 710));
    const verdict = judgeWindow(loaded.slice(10), loaded, relayView(reports), 0, baseline, 0);
    expect(verdict.overloaded.map((s) => s.t)).toEqual([10_000, 10_500, 11_000, 11_500, 12_000, 12_500, 13_000]);
    expect(Math.abs(verdict.kit - verdict.expected)).toBeLessThan(0.01);
    // The same excess that the browser's raw figures do not show: the kit made it up, judged and failing.
    const madeUp = timeline(
      (t) => (t < 1000 ? 5 : t < 5000 ? 10 : t < 10_000 ? 510 : 710),
      (t) => (t >= 10_000 ? { rawRtt: 510 } : {}),
    );
    const judged = judgeWindow(madeUp.slice(10), madeUp, relayView(reports), 0, baseline, 0);
    expect(judged.overloaded).toEqual([]);
    expect(Math.abs(judged.kit - judged.expected)).toBeGreaterThan(0.2);
    // A kit 300 ms under what the relay added is never load: judged, failing.
    const short = timeline((t) => (t < 1000 ? 5 : t < 5000 ? 10 : t < 10_000 ? 510 : 210));
    const under = judgeWindow(short.slice(10), short, relayView(reports), 0, baseline, 0);
    expect(under.overloaded).toEqual([]);
    expect(Math.abs(under.kit - under.expected)).toBeGreaterThan(0.2);
  });

  it('counts a round trip that load held up all stretch long, measured there, and still judges the rest', () => {
    const held = timeline((t) => (t < 1000 ? 5 : t < 5000 ? 10 : 610));
    const window = held.slice(10);
    const first = judgeWindow(window, held, relayView(reports), 0, baseline, 0);
    expect(first.judged).toBe(0);
    const load = sustainedLoadRttMs(first, window);
    expect(load).toBeCloseTo(100, 6);
    const again = judgeWindow(window, held, relayView(reports), 0, baseline, 0, load);
    expect(again.judged).toBe(16);
    expect(again.kit).toBeCloseTo(again.expected, 6);
    // Not when one sample of the stretch is within reach: then it is spikes, left out one by one.
    expect(sustainedLoadRttMs(first, [...window.slice(0, -1), sample(13_000, 510)])).toBe(0);
  });

  it('puts a warning down to load only when the kit raised it by its rule, the browser measured it, and the relay did not cause it', () => {
    const expected = { rttMs: 10, jitterMs: 2, lossPercent: 5 };
    const spiked = [1, 2, 3, 4, 5].map((i) => sample(500 * i, i >= 3 ? 450 : 10));
    const proved = warningCauses([{ name: 'high-rtt', t: 2500 }], spiked, new Set(['high-packet-loss']), expected);
    expect(proved.load.map((w) => w.name)).toEqual(['high-rtt']);
    expect(proved.unexplained).toEqual([]);
    // Not by its rule (two samples over), not measured by the browser, or within what the relay applied: unexplained.
    const twoOver = [1, 2, 3, 4, 5].map((i) => sample(500 * i, i >= 4 ? 450 : 10));
    expect(warningCauses([{ name: 'high-rtt', t: 2500 }], twoOver, new Set(), expected).unexplained).toHaveLength(1);
    const notRaw = spiked.map((s) => ({ ...s, rawRtt: 10 }));
    expect(warningCauses([{ name: 'high-rtt', t: 2500 }], notRaw, new Set(), expected).unexplained).toHaveLength(1);
    expect(warningCauses([{ name: 'high-rtt', t: 2500 }], spiked, new Set(), { ...expected, rttMs: 500 }).unexplained).toHaveLength(1);
    // Loss is never load's.
    expect(warningCauses([{ name: 'high-packet-loss', t: 2500 }], spiked, new Set(), expected).unexplained).toHaveLength(1);
  });
});
