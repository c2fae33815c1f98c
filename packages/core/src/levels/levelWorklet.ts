/**
 * Levels on the audio thread, for every meter of an AudioContext at once: one processor with an input per
 * meter (a slot) sums squares over 2048 samples (43 ms at 48 kHz, a usual meter integration time), maps the
 * RMS to the meter's 0..1 level (decibels.ts: -100 dBFS → 0, -30 dBFS → 1) and posts, in one message, the
 * slots whose level moved by more than 1 dB (1/70 of the span), or that have not been sent for ~0.5 s (so a
 * track disabled while its level is steady still reads 0 soon: the main thread checks `enabled`, Chromium's
 * source keeps playing it). Two meters on a call cost one message, not two. An input with no channel
 * (nothing connected, an ended track) counts as silence and is not repeated.
 * Each message costs the main thread some 20-40 µs, nearly all of it fixed (the message's dispatch, reading its
 * data), so messages are spared where no one can see the difference:
 * - the level is computed here, and a change that the clamped level cannot show (above -30 dBFS, below
 *   -100 dBFS) is no change;
 * - a rise (speech onset) is sent at once; a fall waits for the next window, and goes with it if that window
 *   confirms it, or sooner with any other value sent. Decays then cost half the messages, two meters' decays
 *   share them, and a falling meter is at most one window (43 ms) late: meters usually fall slower than the
 *   sound on purpose (a VU meter integrates over 300 ms).
 */
const processorSource = `registerProcessor('handset-levels', class extends AudioWorkletProcessor {
  constructor(options) {
    super();
    const slots = options.numberOfInputs;
    this.sums = new Float64Array(slots); this.sent = new Float64Array(slots).fill(-1); this.quiet = new Uint8Array(slots); this.live = new Uint8Array(slots); this.falling = new Uint8Array(slots); this.levels = new Float64Array(slots); this.count = 0;
    this.epochs = new Float64Array(slots);
    // A slot (re)connected starts afresh: its meter gets a first value even if the level is steady, and
    // values are tagged with the connection's epoch, so none still in flight from a previous source counts.
    this.port.onmessage = (event) => { const [slot, epoch] = event.data; this.epochs[slot] = epoch; this.sent[slot] = -1; this.sums[slot] = 0; };
  }
  process(inputs) {
    let frames = 128;
    for (let slot = 0; slot < inputs.length; slot++) {
      const channel = inputs[slot][0];
      this.live[slot] = channel ? 1 : 0;
      if (!channel) continue;
      frames = channel.length;
      let sum = 0;
      for (let i = 0; i < channel.length; i++) sum += channel[i] * channel[i];
      this.sums[slot] += sum;
    }
    this.count += frames;
    if (this.count >= 2048) {
      let due = false;
      for (let slot = 0; slot < inputs.length; slot++) {
        // levelFromRms (decibels.ts), the same operations: log10(0) is -Infinity, level 0.
        const db = 20 * Math.log10(Math.sqrt(this.sums[slot] / this.count)), sent = this.sent[slot];
        const level = (this.levels[slot] = db > -100 ? Math.min((db + 100) / 70, 1) : 0);
        this.sums[slot] = 0;
        this.falling[slot] = sent - level > 1 / 70 ? this.falling[slot] + 1 : 0;
        if (this.live[slot]) this.quiet[slot]++;
        // A rise is sent at once (speech onset); a fall once a second window confirms it, or with another slot's value.
        if (level - sent > 1 / 70 || this.falling[slot] > 1 || this.quiet[slot] >= 12) due = true;
      }
      if (due) {
        const changed = [];
        for (let slot = 0; slot < inputs.length; slot++) {
          const level = this.levels[slot];
          if (Math.abs(level - this.sent[slot]) > 1 / 70 || this.quiet[slot] >= 12) {
            changed.push(slot, this.epochs[slot], level); this.sent[slot] = level; this.quiet[slot] = 0; this.falling[slot] = 0;
          }
        }
        this.port.postMessage(changed);
      }
      this.count = 0;
    }
    return true;
  }
});`;

/** Meters one processor serves; a context with more meters gets another processor. */
const slotsPerNode = 8;

interface LevelNode {
  readonly node: AudioWorkletNode;
  readonly slots: Array<((level: number) => void) | undefined>;
  /** Per slot, the epoch of its current connection. */
  readonly epochs: number[];
}

/** Connections made so far, page-wide: each gets its own epoch. */
let connections = 0;

interface LevelHub {
  readonly nodes: LevelNode[];
}

const hubs = new WeakMap<BaseAudioContext, Promise<LevelHub | null>>();

/** Loads the processor once per context; null where AudioWorklet is missing or refused (a strict CSP, say). */
function levelHub(context: BaseAudioContext): Promise<LevelHub | null> {
  let hub = hubs.get(context);
  if (!hub) {
    if (!context.audioWorklet || typeof AudioWorkletNode !== 'function') return Promise.resolve(null);
    const url = URL.createObjectURL(new Blob([processorSource], { type: 'text/javascript' }));
    hub = context.audioWorklet.addModule(url).then(
      () => ({ nodes: [] }),
      () => null,
    );
    void hub.finally(() => URL.revokeObjectURL(url));
    hubs.set(context, hub);
  }
  return hub;
}

function newLevelNode(context: BaseAudioContext): LevelNode {
  const node = new AudioWorkletNode(context, 'handset-levels', { numberOfInputs: slotsPerNode, numberOfOutputs: 0 });
  const slots: LevelNode['slots'] = [];
  const epochs: number[] = [];
  node.port.onmessage = (event: MessageEvent<number[]>) => {
    const changed = event.data;
    for (let i = 0; i < changed.length; i += 3) {
      const slot = changed[i]!;
      if (changed[i + 1] === epochs[slot]) slots[slot]?.(changed[i + 2]!);
    }
  };
  return { node, slots, epochs };
}

/** A meter's place on the audio thread: connect a source to it, read its levels by callback. */
export interface LevelSlot {
  /** Feeds `source` to the slot (`source.disconnect()` stops it); the first value after it is always sent. */
  connect(source: AudioNode): void;
  /** Gives the slot back. */
  release(): void;
}

/**
 * A slot on the context's level processor, or null where AudioWorklet is missing or refused.
 * `onLevel` receives each new level (0..1, as levelFromRms) of what is connected: changes of more than 1 dB.
 */
export async function takeLevelSlot(context: BaseAudioContext, onLevel: (level: number) => void): Promise<LevelSlot | null> {
  const hub = await levelHub(context);
  if (!hub) return null;
  let owner = hub.nodes.find((n) => n.slots.length < slotsPerNode || n.slots.includes(undefined));
  if (!owner) hub.nodes.push((owner = newLevelNode(context)));
  const { node, slots, epochs } = owner;
  let index = slots.indexOf(undefined);
  if (index < 0) index = slots.length;
  slots[index] = onLevel;
  return {
    connect(source) {
      epochs[index] = ++connections;
      node.port.postMessage([index, epochs[index]]);
      source.connect(node, 0, index);
    },
    release() {
      if (slots[index] === onLevel) slots[index] = undefined;
    },
  };
}
