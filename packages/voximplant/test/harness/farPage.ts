/**
 * The far party's media, in its own page: a plain RTCPeerConnection with the fake microphone. The
 * stand-in carries its SDP and the SDK's trickled candidates, so media between it and the SDK is real
 * (ICE, DTLS, audio packets). It offers and accepts telephone-event, so Chromium's SDK sends DTMF in
 * the RTP (RFC 4733); the digits are read from the received packets through an encoded transform and
 * reported to Node with `window.reportDigit`.
 */
let pc: RTCPeerConnection | null = null;
/** The far party's microphone while it sends nothing (setSending(false)). */
let parked: MediaStreamTrack | null = null;

declare global {
  interface Window {
    /** Exposed by the Node side (pageFarParty.ts): a digit the far party heard in the media. */
    reportDigit?: (digit: string, at: number) => void;
  }
}

interface EncodedStreams {
  readable: ReadableStream<RTCEncodedAudioFrame>;
  writable: WritableStream<RTCEncodedAudioFrame>;
}
type WithEncodedStreams = { createEncodedStreams(): EncodedStreams };

const RFC4733_EVENTS = '0123456789*#ABCD';

/** Reads RFC 4733 telephone-events from the received frames: one digit per event (RTP timestamp). */
function listenForDigits(receiver: RTCRtpReceiver, telephoneEventTypes: () => Set<number>): void {
  const { readable, writable } = (receiver as unknown as WithEncodedStreams).createEncodedStreams();
  let lastEvent: number | null = null;
  const transform = new TransformStream<RTCEncodedAudioFrame, RTCEncodedAudioFrame>({
    transform(frame, controller) {
      const metadata = frame.getMetadata() as RTCEncodedAudioFrameMetadata & { payloadType?: number; rtpTimestamp?: number };
      if (metadata.payloadType !== undefined && telephoneEventTypes().has(metadata.payloadType)) {
        const event = metadata.rtpTimestamp ?? frame.timestamp;
        const code = new Uint8Array(frame.data)[0] ?? 255;
        if (event !== lastEvent && code < RFC4733_EVENTS.length) {
          lastEvent = event;
          window.reportDigit?.(RFC4733_EVENTS[code] ?? '?', Date.now());
        }
      }
      controller.enqueue(frame);
    },
  });
  void readable.pipeThrough(transform).pipeTo(writable);
}

/** With encoded streams on, every sender's frames must be piped through too, or nothing is sent. */
function passThrough(sender: RTCRtpSender): void {
  const { readable, writable } = (sender as unknown as WithEncodedStreams).createEncodedStreams();
  void readable.pipeTo(writable);
}

function telephoneEventTypesOf(sdp: string | undefined): Set<number> {
  return new Set([...(sdp ?? '').matchAll(/^a=rtpmap:(\d+) telephone-event\/\d+/gm)].map((match) => Number(match[1])));
}

function gathered(connection: RTCPeerConnection): Promise<void> {
  if (connection.iceGatheringState === 'complete') return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      if (connection.iceGatheringState !== 'complete') return;
      connection.removeEventListener('icegatheringstatechange', done);
      resolve();
    };
    connection.addEventListener('icegatheringstatechange', done);
  });
}

/** The loudest sample of the received audio since the last `takePeak()`, read every 10 ms. */
let peak = 0;
let audioContext: AudioContext | null = null;
let meterTimer: ReturnType<typeof setInterval> | undefined;
/** Readings (each the analyser's last ~43 ms) since the last `takeLoudShare()`, and how many were loud. */
let readings = 0;
let loudReadings = 0;
const LOUD = 0.05;

function meterReceived(track: MediaStreamTrack): void {
  const stream = new MediaStream([track]);
  // Chromium feeds a remote track to Web Audio only while a media element plays it.
  const element = new Audio();
  element.muted = true;
  element.srcObject = stream;
  void element.play().catch(() => undefined);
  audioContext ??= new AudioContext();
  const analyser = audioContext.createAnalyser();
  audioContext.createMediaStreamSource(stream).connect(analyser);
  const samples = new Float32Array(analyser.fftSize);
  clearInterval(meterTimer);
  meterTimer = setInterval(() => {
    analyser.getFloatTimeDomainData(samples);
    let loudest = 0;
    for (const sample of samples) loudest = Math.max(loudest, Math.abs(sample));
    peak = Math.max(peak, loudest);
    readings++;
    if (loudest > LOUD) loudReadings++;
  }, 10);
}

async function fresh(): Promise<RTCPeerConnection> {
  pc?.close();
  const connection = new RTCPeerConnection({ encodedInsertableStreams: true } as RTCConfiguration);
  const stream = await navigator.mediaDevices.getUserMedia({ audio: true });
  for (const track of stream.getTracks()) passThrough(connection.addTrack(track, stream));
  connection.addEventListener('track', (event) => {
    listenForDigits(event.receiver, () => telephoneEventTypesOf(connection.remoteDescription?.sdp));
    meterReceived(event.track);
  });
  pc = connection;
  return connection;
}

function current(): RTCPeerConnection {
  if (!pc) throw new Error('no far peer connection');
  return pc;
}

export const far = {
  async answer(offer: string): Promise<string> {
    await fresh();
    return far.reanswer(offer);
  },
  async reanswer(offer: string): Promise<string> {
    const connection = current();
    await connection.setRemoteDescription({ type: 'offer', sdp: offer });
    await connection.setLocalDescription(await connection.createAnswer());
    await gathered(connection);
    return connection.localDescription?.sdp ?? '';
  },
  /** A new offer on the live connection: `sendonly` puts the client on hold, `sendrecv` resumes. */
  async reoffer(held: boolean): Promise<string> {
    const connection = current();
    for (const transceiver of connection.getTransceivers()) transceiver.direction = held ? 'sendonly' : 'sendrecv';
    await connection.setLocalDescription(await connection.createOffer());
    await gathered(connection);
    return connection.localDescription?.sdp ?? '';
  },
  /** The far party's own audio transceiver as negotiated (`sendonly` while it holds the client). */
  direction(): string {
    return pc?.getTransceivers()[0]?.currentDirection ?? 'none';
  },
  async offer(): Promise<string> {
    const connection = await fresh();
    await connection.setLocalDescription(await connection.createOffer());
    await gathered(connection);
    return connection.localDescription?.sdp ?? '';
  },
  async accept(answer: string): Promise<void> {
    await current().setRemoteDescription({ type: 'answer', sdp: answer });
  },
  async addCandidate(candidate: string, sdpMLineIndex: number): Promise<void> {
    await current().addIceCandidate({ candidate, sdpMLineIndex });
  },
  async inboundPackets(): Promise<number> {
    let packets = 0;
    (await pc?.getStats())?.forEach((report) => {
      if (report.type === 'inbound-rtp' && report.kind === 'audio') packets += report.packetsReceived ?? 0;
    });
    return packets;
  },
  /** The loudest received sample (0…1) since the last call: 0 while the client sends silence. */
  takePeak(): number {
    const taken = peak;
    peak = 0;
    return taken;
  },
  /**
   * The share of readings since the last call in which a sample was over 0.05: low for the fake microphone's
   * short beeps, near 1 for a steady tone. Null before any reading.
   */
  takeLoudShare(): number | null {
    const share = readings ? loudReadings / readings : null;
    readings = 0;
    loudReadings = 0;
    return share;
  },
  /** Stops or resumes the far party's audio (its sender's track), as a far-side mute would: no packets at all. */
  async setSending(sending: boolean): Promise<void> {
    const sender = current().getSenders()[0];
    if (!sender) throw new Error('the far party has no sender');
    if (!sending && sender.track) parked = sender.track;
    await sender.replaceTrack(sending ? parked : null);
  },
  /** Whether the far side currently sends audio to the client (false while the client holds). */
  sending(): string {
    return pc?.getTransceivers()[0]?.currentDirection ?? 'none';
  },
  close(): void {
    pc?.close();
    pc = null;
  },
};
