/**
 * RMS on the audio thread: the processor sums squares over 2048 samples (43 ms at 48 kHz, a usual
 * meter integration time) and posts the RMS when it moved by more than 1 dB, or every ~200 ms.
 * Reading an AnalyserNode on the main thread costs ~40 µs per read whatever its size; receiving
 * this number costs one ~15 µs message.
 */
const processorSource = `registerProcessor('handset-level', class extends AudioWorkletProcessor {
  constructor() { super(); this.sum = 0; this.count = 0; this.sent = -1; this.quiet = 0; }
  process(inputs) {
    const channel = inputs[0] && inputs[0][0];
    if (channel) {
      for (let i = 0; i < channel.length; i++) this.sum += channel[i] * channel[i];
      this.count += channel.length;
      if (this.count >= 2048) {
        const rms = Math.sqrt(this.sum / this.count);
        this.sum = 0; this.count = 0;
        // Post only a change of more than 1 dB (1.4 % of a meter's 70 dB span) above -100 dBFS (level 0),
        // or every ~200 ms: a steady level, silence included, costs no messages.
        if (Math.abs(rms - this.sent) > Math.max(this.sent * 0.12, 1e-5) || ++this.quiet >= 5) {
          this.port.postMessage(rms); this.sent = rms; this.quiet = 0;
        }
      }
    }
    return true;
  }
});`;

const loaded = new WeakMap<BaseAudioContext, Promise<boolean>>();

/** Loads the processor once per context; false where AudioWorklet is missing or refused (a strict CSP, say). */
export function loadLevelProcessor(context: BaseAudioContext): Promise<boolean> {
  let loading = loaded.get(context);
  if (!loading) {
    if (!context.audioWorklet || typeof AudioWorkletNode !== 'function') return Promise.resolve(false);
    const url = URL.createObjectURL(new Blob([processorSource], { type: 'text/javascript' }));
    loading = context.audioWorklet.addModule(url).then(
      () => true,
      () => false,
    );
    void loading.finally(() => URL.revokeObjectURL(url));
    loaded.set(context, loading);
  }
  return loading;
}

/** A node that reports the RMS of what is connected to it, as `onRms(value)`. */
export function createLevelNode(context: BaseAudioContext, onRms: (rms: number) => void): AudioWorkletNode {
  const node = new AudioWorkletNode(context, 'handset-level', { numberOfInputs: 1, numberOfOutputs: 0 });
  node.port.onmessage = (event: MessageEvent<number>) => onRms(event.data);
  return node;
}
