import { describe, expect, it } from 'vitest';
import { isHandsetError } from '../../src/errors/HandsetError';
import { createSoundPlayer, type SoundPlayerOptions, type SoundPlayerSnapshot } from '../../src/sounds/SoundPlayer';
import { cadenceEnvelope, dtmfFrequencies, ringbackPresets } from '../../src/sounds/tones';
import { FakeAudio, FakeBufferSource, FakeContext, FakeGain, flush } from './fakes';

function setup(options: Partial<SoundPlayerOptions> = {}) {
  const context = new FakeContext();
  const audios: FakeAudio[] = [];
  const gestures = new EventTarget();
  const autoplay = { refuse: false };
  let contextAsked = 0;
  const player = createSoundPlayer({
    context: () => {
      contextAsked++;
      return context as unknown as AudioContext;
    },
    createAudio: () => {
      const audio = new FakeAudio(autoplay);
      audios.push(audio);
      return audio as unknown as HTMLAudioElement;
    },
    gestureTarget: gestures,
    ...options,
  });
  const snapshots: SoundPlayerSnapshot[] = [];
  player.subscribe((s) => snapshots.push(s));
  return { context, audios, gestures, autoplay, player, snapshots, contextAsked: () => contextAsked };
}

describe('tones', () => {
  it('has the documented ringback presets', () => {
    expect(ringbackPresets).toEqual({
      us: { frequencies: [440, 480], cadence: [2, 4] },
      uk: { frequencies: [400, 450], cadence: [0.4, 0.2, 0.4, 2] },
      eu: { frequencies: [425], cadence: [1, 4] },
      ru: { frequencies: [425], cadence: [0.8, 3.2] },
    });
  });

  it('maps every DTMF key to its row and column frequencies (Q.23), and nothing else', () => {
    const rows = [697, 770, 852, 941];
    const columns = [1209, 1336, 1477, 1633];
    ['123A', '456B', '789C', '*0#D'].forEach((row, r) => {
      for (const [c, key] of [...row].entries()) expect(dtmfFrequencies(key)).toEqual([rows[r], columns[c]]);
    });
    expect(dtmfFrequencies('d')).toEqual([941, 1633]);
    for (const bad of ['', 'E', '11', 'w', ' ']) expect(dtmfFrequencies(bad)).toBeUndefined();
  });

  it('turns a cadence into one period of an on/off envelope with short ramps', () => {
    const rate = 1000;
    const uk = cadenceEnvelope([0.4, 0.2, 0.4, 2], rate);
    expect(uk.length).toBe(3000);
    const at = (seconds: number) => uk[Math.round(seconds * rate)];
    expect([at(0.2), at(0.5), at(0.8), at(1.5), at(2.9)]).toEqual([1, 0, 1, 0, 0]);
    expect(uk[0]).toBeLessThan(0.5); // fades in over 5 ms: no click
    expect(uk[399]).toBeLessThan(0.5); // and out
    const ru = cadenceEnvelope([0.8, 3.2], rate);
    expect(ru.filter((v) => v === 1).length).toBeGreaterThan(790);
    expect(ru.filter((v) => v > 0).length).toBe(800);
  });
});

describe('createSoundPlayer', () => {
  it('asks for nothing until a sound plays', () => {
    const { contextAsked, audios, player } = setup();
    expect(player.getSnapshot()).toEqual({ ringtone: false, ringback: false, blocked: false });
    expect(contextAsked()).toBe(0);
    expect(audios).toEqual([]);
  });

  it('plays a ringback preset: its oscillators, gated by a looped cadence envelope, into an <audio> element', async () => {
    const { context, audios, player, snapshots } = setup({ ringback: 'uk' });
    player.play('ringback');
    expect(context.oscillators().map((o) => o.frequency.value)).toEqual([400, 450]);
    expect(context.oscillators().every((o) => o.startedAt !== undefined)).toBe(true);
    const envelope = context.nodes.find((n): n is FakeBufferSource => n instanceof FakeBufferSource)!;
    expect(envelope.loop).toBe(true);
    expect(envelope.buffer!.length / envelope.buffer!.sampleRate).toBeCloseTo(3, 3);
    const gate = context.nodes.find((n) => n instanceof FakeGain && n.gain.inputs.length > 0) as FakeGain;
    expect(gate.gain.value).toBe(0); // silent except where the envelope opens it
    expect(audios).toHaveLength(1);
    expect(audios[0]!.srcObject).toMatchObject({ id: 'destination-stream' });
    await flush();
    expect(audios[0]!.paused).toBe(false);
    expect(snapshots.at(-1)).toEqual({ ringtone: false, ringback: true, blocked: false });
  });

  it('takes a preset or tone per play, e.g. the country of the number dialled', () => {
    const { context, player } = setup();
    player.play('ringback', 'ru');
    expect(context.oscillators().map((o) => o.frequency.value)).toEqual([425]);
    player.stop();
    player.play('ringback', { frequencies: [950], cadence: [] });
    const gate = context.oscillators().at(-1)!.outputs[0] as FakeGain;
    expect(gate.gain.value).toBe(1); // no cadence: continuous
  });

  it('stopping a sound disconnects every node it made and pauses the idle element', async () => {
    const { context, audios, player, snapshots } = setup();
    player.play('ringtone');
    const shared = context.nodes.length - (3 + 1 + 2); // out gain and destination; the rest is the ringtone's
    const made = context.nodes.slice(shared);
    expect(made).toHaveLength(6); // 3 oscillators, gate, envelope, envelope scale
    await flush();
    player.stop('ringtone');
    expect(made.every((n) => n.disconnected)).toBe(true);
    expect(context.nodes.slice(0, shared).some((n) => n.disconnected)).toBe(false);
    expect(context.oscillators().every((o) => o.stoppedAt !== undefined)).toBe(true);
    expect(audios[0]!.paused).toBe(true);
    expect(snapshots.at(-1)).toEqual({ ringtone: false, ringback: false, blocked: false });
  });

  it('plays a DTMF key tone for its duration and disconnects it when it ends', () => {
    const { context, player } = setup();
    player.keyTone('1', 120);
    const [row, column] = context.oscillators();
    expect([row!.frequency.value, column!.frequency.value]).toEqual([697, 1209]);
    expect(row!.startedAt).toBe(10);
    expect(row!.stoppedAt).toBeCloseTo(10.12);
    const made = context.nodes.slice(-3);
    expect(made.some((n) => n.disconnected)).toBe(false);
    row!.onended!();
    expect(made.every((n) => n.disconnected)).toBe(true);
    expect(() => player.keyTone('E')).toThrow(expect.objectContaining({ code: 'invalid-dtmf' }));
  });

  it('each sound can be turned off', () => {
    const { context, contextAsked, player } = setup({ enabled: { dtmf: false, ringback: false } });
    player.keyTone('5');
    player.play('ringback');
    expect(contextAsked()).toBe(0);
    player.play('ringtone');
    expect(player.getSnapshot().ringtone).toBe(true);
    player.setEnabled('ringtone', false);
    expect(player.getSnapshot().ringtone).toBe(false);
    expect(context.oscillators().every((o) => o.disconnected)).toBe(true);
    player.play('ringtone');
    expect(player.getSnapshot().ringtone).toBe(false);
  });

  it("plays the app's own ringtone file in a looping element, without Web Audio", async () => {
    const { audios, player, contextAsked } = setup({ ringtone: '/sounds/ring.mp3' });
    player.play('ringtone');
    expect(contextAsked()).toBe(0);
    expect(audios[0]).toMatchObject({ src: '/sounds/ring.mp3', loop: true });
    await flush();
    expect(audios[0]!.paused).toBe(false);
    player.stop('ringtone');
    expect(audios[0]).toMatchObject({ src: '', paused: true });
  });
});

describe('createSoundPlayer: autoplay refused', () => {
  it('reports blocked while the context stays suspended, and resumes it on the next user gesture', async () => {
    const { context, gestures, player, snapshots } = setup();
    context.state = 'suspended';
    context.onResume = 'hang'; // Chromium without user activation
    player.play('ringtone');
    await flush();
    expect(player.getSnapshot()).toEqual({ ringtone: true, ringback: false, blocked: true });
    expect(context.resumes).toBe(1);
    context.onResume = 'run';
    gestures.dispatchEvent(new Event('pointerdown'));
    await flush();
    expect(context.resumes).toBe(2);
    expect(player.getSnapshot().blocked).toBe(false);
    expect(snapshots.map((s) => s.blocked)).toEqual([true, false]);
  });

  it('reports blocked when play() is refused, and retries it on the next user gesture', async () => {
    const { audios, gestures, autoplay, player } = setup({ ringtone: 'ring.ogg' });
    const element = () => audios.at(-1)!; // each play of a file gets its own element
    player.play('ringtone');
    await flush();
    expect(player.getSnapshot().blocked).toBe(false); // allowed
    player.stop();
    autoplay.refuse = true;
    player.play('ringtone');
    await flush();
    expect(player.getSnapshot().blocked).toBe(true);
    expect(element().paused).toBe(true);
    autoplay.refuse = false;
    gestures.dispatchEvent(new Event('keydown'));
    await flush();
    expect(element().paused).toBe(false);
    expect(player.getSnapshot().blocked).toBe(false);
  });

  it('stops listening for gestures once nothing is blocked', async () => {
    let listeners = 0;
    const gestureTarget = new (class extends EventTarget {
      override addEventListener(...args: Parameters<EventTarget['addEventListener']>) {
        listeners++;
        super.addEventListener(...args);
      }
      override removeEventListener(...args: Parameters<EventTarget['removeEventListener']>) {
        listeners--;
        super.removeEventListener(...args);
      }
    })();
    const { context, player } = setup({ gestureTarget });
    context.state = 'suspended';
    context.onResume = 'hang';
    player.play('ringback');
    expect(listeners).toBe(3);
    player.stop();
    expect(listeners).toBe(0);
    expect(player.getSnapshot().blocked).toBe(false);
  });
});

describe('createSoundPlayer: output device', () => {
  it('moves its element to the chosen sink before and after sounds start', async () => {
    const { audios, player } = setup();
    await player.setSinkId('spk-headset');
    expect(player.sinkId).toBe('spk-headset');
    player.play('ringtone');
    expect(audios).toHaveLength(1);
    expect(audios[0]!.sinkId).toBe('spk-headset');
    await player.setSinkId('');
    expect(audios[0]!.sinkId).toBe('');
  });

  it('a refused sink rejects and leaves the output where it was', async () => {
    const { audios, player } = setup();
    player.play('ringback');
    audios[0]!.refuseSink = ['gone'];
    await expect(player.setSinkId('gone')).rejects.toMatchObject({ name: 'NotFoundError' });
    expect(player.sinkId).toBe('');
    expect(audios[0]!.sinkId).toBe('');
  });

  it("answers 'unsupported' where elements cannot choose a sink", async () => {
    const player = createSoundPlayer({
      context: () => new FakeContext() as unknown as AudioContext,
      createAudio: () => ({}) as HTMLAudioElement,
    });
    await expect(player.setSinkId('x')).rejects.toSatisfy((e) => isHandsetError(e, 'unsupported'));
  });

  it('dispose stops everything and releases the element', async () => {
    const { context, audios, player } = setup();
    player.play('ringtone');
    player.keyTone('#');
    const stream = (audios[0] as unknown as { srcObject: { getTracks(): Array<{ readyState: string }> } }).srcObject;
    player.dispose();
    expect(context.nodes.every((n) => n.disconnected)).toBe(true);
    expect(stream.getTracks().map((t) => t.readyState)).toEqual(['ended']); // a live track would outlive the phone
    expect(audios[0]).toMatchObject({ paused: true, srcObject: null });
  });
});
