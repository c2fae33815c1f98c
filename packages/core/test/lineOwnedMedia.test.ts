import { describe, expect, test } from 'vitest';
import { createPhone } from '../src';
import { browserMedia } from '../src/media';
import type { StatsReport } from '../src/quality/sampleFromStats';
import { ReferenceExchange, referenceLine, ScriptedLine } from '../src/testing';
import { FakeMediaDevices, settle } from './devices/fakes';
import { answer } from './helpers';
import { beepReports } from './quality/helpers';

/** Two phones on the media-owning reference line, alice with the media kit; alice calls bob and bob answers. */
async function lineOwnedCall() {
  const exchange = new ExchangeWithPhones();
  const mediaDevices = new FakeMediaDevices();
  let audioContexts = 0;
  const kit = browserMedia({
    devices: { mediaDevices, permissions: null, sinkSupported: true },
    createAudioContext: () => {
      audioContexts++;
      throw new Error('the kit must not make an AudioContext for a line that owns its media');
    },
  });
  const aliceLine = referenceLine({ exchange, identity: 'alice', sampleMs: 20 });
  const alice = createPhone({ line: aliceLine, media: kit });
  const bob = createPhone({ line: referenceLine({ exchange, identity: 'bob', sampleMs: 20 }) });
  await Promise.all([alice.connect(), bob.connect()]);
  const incoming = new Promise<ReturnType<typeof bob.call>>((resolve) => bob.once('incoming', resolve));
  const call = alice.call('bob');
  (await incoming).accept();
  await until(() => call.state === 'active');
  return { alice, bob, call, kit, aliceLine, mediaDevices, audioContexts: () => audioContexts };
}

class ExchangeWithPhones extends ReferenceExchange {}

async function until(done: () => boolean, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('the media kit stands aside for a line that owns its media (capabilities.media: line)', () => {
  test('no microphone is opened, no AudioContext made, no sound played: the SDK does all of that', async () => {
    const { alice, bob, call, mediaDevices, audioContexts } = await lineOwnedCall();
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(call.state).toBe('active');
    expect(mediaDevices.requests).toEqual([]);
    expect(audioContexts()).toBe(0);
    expect(call.getLocalStream()).toBeNull();
    alice.dispose();
    bob.dispose();
  });

  test("the line's samples reach the store's quality slice and the call's sample event; the summary keeps them", async () => {
    const { alice, bob, call } = await lineOwnedCall();
    const samples: number[] = [];
    call.on('sample', (sample) => samples.push(sample.totals.packetsReceived));
    await until(() => samples.length >= 2);
    const quality = alice.store.getState().quality[call.id];
    expect(quality?.mos).toBe(4.4);
    expect(quality?.level).toBe('excellent');
    expect(samples[1]).toBeGreaterThan(samples[0] as number);
    call.hangup();
    expect(alice.store.getState().quality[call.id]).toBeUndefined();
    expect(call.snapshot.quality?.samples).toBeGreaterThanOrEqual(2);
    expect(call.snapshot.quality?.averageMos).toBeCloseTo(4.4);
    alice.dispose();
    bob.dispose();
  });

  test("the call's level meters are fed by the line's levels; muting shows as 0 on the input", async () => {
    const { alice, bob, call, kit } = await lineOwnedCall();
    const input = kit.callMeter(call, 'input');
    const output = kit.callMeter(call, 'output');
    const levels: number[] = [];
    input?.subscribe((level) => levels.push(level));
    output?.subscribe(() => {});
    await until(() => levels.length >= 2);
    expect(input?.level).toBeCloseTo(0.4);
    expect(output?.level).toBeCloseTo(0.3);
    call.mute();
    await until(() => levels.at(-1) === 0);
    alice.dispose();
    bob.dispose();
  });

  test("a device chosen in the kit goes to the line's devices.select, not to a track of the kit's", async () => {
    const { alice, bob, kit, aliceLine, mediaDevices } = await lineOwnedCall();
    await kit.devices.refresh();
    await kit.devices.selectMicrophone('mic-headset');
    await kit.devices.selectSpeaker('spk-headset');
    await settle();
    expect(aliceLine.deviceChoices).toEqual([
      ['microphone', 'mic-headset'],
      ['speaker', 'spk-headset'],
    ]);
    expect(mediaDevices.tracks.filter((track) => track.readyState === 'live')).toEqual([]);
    alice.dispose();
    bob.dispose();
  });
});

describe('tokens (capabilities.tokens)', () => {
  test('tokenWillExpire reaches the phone and the store; updateToken() gives the line the new token mid-call', async () => {
    const { alice, bob, call, aliceLine } = await lineOwnedCall();
    const warned: Array<number | null> = [];
    alice.on('tokenWillExpire', (at) => warned.push(at));
    aliceLine.warnTokenExpiry(60_000);
    expect(warned).toHaveLength(1);
    expect(alice.store.getState().registration.tokenExpiresAt).toBe(warned[0]);
    alice.updateToken('eyJ.new.token');
    expect(aliceLine.tokens).toEqual(['eyJ.new.token']);
    expect(alice.store.getState().registration.tokenExpiresAt).toBeNull();
    expect(call.state).toBe('active');
    alice.dispose();
    bob.dispose();
  });

  test('a bad token is refused before the line hears it; a line without tokens refuses updateToken()', async () => {
    const { alice, bob, aliceLine } = await lineOwnedCall();
    for (const bad of ['', 'two words', 42, undefined]) {
      expect(() => alice.updateToken(bad as string)).toThrow(expect.objectContaining({ code: 'invalid-option' }));
    }
    expect(aliceLine.tokens).toEqual([]);
    const { ScriptedLine } = await import('../src/testing');
    const plain = createPhone({ line: new ScriptedLine() });
    expect(() => plain.updateToken('abc')).toThrow(expect.objectContaining({ code: 'unsupported' }));
    alice.dispose();
    bob.dispose();
  });

  test('a token line places calls without a registration once connect() started it; before that it refuses', async () => {
    const exchange = new ReferenceExchange();
    const line = referenceLine({ exchange, identity: 'carol' });
    const phone = createPhone({ line });
    expect(() => phone.call('dave')).toThrow(expect.objectContaining({ code: 'not-connected' }));
    const connecting = phone.connect().catch((error: { code: string }) => error.code);
    await phone.disconnect();
    expect(await connecting).toBe('not-connected');
    expect(phone.registration).toBe('unregistered');
    const call = phone.call('dave');
    await until(() => call.state === 'ended');
    expect(call.end).toMatchObject({ reason: 'failed', sipCode: 404 });
    phone.dispose();
  });
});

describe('an SDK that shows its peer connection (media: line, the media signal)', () => {
  /** A stand-in peer connection whose getStats() plays a recorded call, one report per read. */
  function recordedPeer(reports: readonly StatsReport[]) {
    let next = 0;
    return {
      reads: () => next,
      peer: { getStats: async () => reports[Math.min(next++, reports.length - 1)] } as unknown as RTCPeerConnection,
    };
  }

  async function handedOverCall() {
    const line = new ScriptedLine({ capabilities: { media: 'line', sounds: 'line' } });
    const mediaDevices = new FakeMediaDevices();
    const kit = browserMedia({
      quality: { intervalMs: 20 },
      devices: { mediaDevices, permissions: null, sinkSupported: true },
      createAudioContext: () => {
        throw new Error('the kit must not make an AudioContext for a line that owns its media');
      },
    });
    const phone = createPhone({ line, media: kit });
    await phone.connect();
    const call = phone.call('+15551230001');
    await until(() => line.commands.some((command) => command.type === 'dial'));
    answer(line, call);
    return { phone, line, call, mediaDevices };
  }

  test('the kit samples it into the store, the sample and volume events and the summary; it opens nothing', async () => {
    const { phone, line, call, mediaDevices } = await handedOverCall();
    const first = recordedPeer(beepReports);
    const volumes: number[] = [];
    call.on('volume', (input) => volumes.push(input));
    line.signal({ type: 'media', callId: call.id, peerConnection: first.peer });
    await until(() => (phone.store.getState().quality[call.id]?.mos ?? 0) > 4 && volumes.some((level) => level > 0));
    expect(phone.store.getState().quality[call.id]?.level).toBe('excellent');
    expect(mediaDevices.requests).toEqual([]);

    // A re-attach hands over a new peer connection: sampling goes on there, not on the old one.
    const second = recordedPeer(beepReports);
    line.signal({ type: 'media', callId: call.id, peerConnection: second.peer });
    const stopped = first.reads();
    await until(() => second.reads() >= 2);
    expect(first.reads()).toBe(stopped);
    call.hangup();
    expect(call.snapshot.quality?.samples).toBeGreaterThanOrEqual(2);
    phone.dispose();
  });

  test("the call's streams are the handed-over peer connection's tracks, one stream a side, renewed with a new connection", async () => {
    // Node has no MediaStream: a stand-in that keeps the tracks it is made of.
    const globals = globalThis as { MediaStream?: unknown };
    const had = globals.MediaStream;
    globals.MediaStream = class {
      constructor(readonly tracks: unknown[]) {}
    };
    try {
      const { phone, line, call } = await handedOverCall();
      const track = (id: string) => ({ id, kind: 'audio' });
      const peer = (name: string) =>
        ({
          getStats: async () => new Map(),
          getSenders: () => [{ track: track(`${name}-mic`) }, { track: null }],
          getReceivers: () => [{ track: track(`${name}-far`) }],
        }) as unknown as RTCPeerConnection;
      const tracksOf = (stream: MediaStream | null) => (stream as unknown as { tracks: { id: string }[] }).tracks.map(({ id }) => id);
      expect(call.getRemoteStream()).toBeNull();
      line.signal({ type: 'media', callId: call.id, peerConnection: peer('first') });
      const remote = call.getRemoteStream();
      expect(tracksOf(remote)).toEqual(['first-far']);
      expect(tracksOf(call.getLocalStream())).toEqual(['first-mic']);
      expect(call.getRemoteStream()).toBe(remote);
      line.signal({ type: 'media', callId: call.id, peerConnection: peer('second') });
      expect(tracksOf(call.getRemoteStream())).toEqual(['second-far']);
      call.hangup();
      expect(call.getRemoteStream()).toBeNull();
      phone.dispose();
    } finally {
      globals.MediaStream = had;
    }
  });

  test('a line that hands over nothing gets no samples from the kit', async () => {
    const { phone, call } = await handedOverCall();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(phone.store.getState().quality[call.id] ?? null).toBeNull();
    call.hangup();
    expect(call.snapshot.quality).toBeNull();
    phone.dispose();
  });
});
