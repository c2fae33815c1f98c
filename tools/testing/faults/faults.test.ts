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
import { type LossModel, lossDecider, seededRandom } from './impairment';
import { startSignallingProxy } from './signallingProxy';
import { startUdpImpairmentRelay } from './udpRelay';

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
    for (let i = 0; i < 200; i++) send(i);
    await until(() => relay.figures('10% even loss').down.packets >= 180);
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
