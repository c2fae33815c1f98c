/**
 * The far party's media, in its own page: a plain RTCPeerConnection with the fake microphone. The
 * stand-in carries its SDP, so media between it and the SDK is real (ICE, DTLS, audio packets).
 * Like Twilio, it offers and accepts telephone-event, so the SDK sends DTMF in the RTP (RFC 4733);
 * the digits are read from the received packets through an encoded transform and reported to
 * Node with `window.reportDigit`. With `telephoneEvent: false` its SDP leaves telephone-event out
 * and the SDK falls back to `dtmf` frames on the socket.
 */
let pc: RTCPeerConnection | null = null;
let telephoneEvent = true;
/** The far party's microphone track while it is not sending (see setSending). */
let sendingTrack: MediaStreamTrack | null = null;

declare global {
  interface Window {
    /** Exposed by the Node side (pageFarParty.ts): a digit the far party heard in the media. */
    reportDigit?: (digit: string, at: number) => void;
  }
}

/** Legacy encoded streams (Chromium): the frames of a sender or receiver, before decode or after encode. */
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

/** Drops the telephone-event payload types from the audio m-line and their attributes. */
export function withoutTelephoneEvent(sdp: string): string {
  const types = new Set([...sdp.matchAll(/^a=rtpmap:(\d+) telephone-event\/\d+/gm)].map((match) => match[1]));
  if (types.size === 0) return sdp;
  return sdp
    .split('\r\n')
    .filter((line) => !/^a=(rtpmap|fmtp|rtcp-fb):(\d+)/.test(line) || !types.has(line.match(/^a=\w+(?:-\w+)?:(\d+)/)?.[1]))
    .map((line) =>
      line.startsWith('m=audio ')
        ? line
            .split(' ')
            .filter((part, index) => index < 3 || !types.has(part))
            .join(' ')
        : line,
    )
    .join('\r\n');
}

async function fresh(): Promise<RTCPeerConnection> {
  pc?.close();
  const connection = new RTCPeerConnection({ encodedInsertableStreams: true } as RTCConfiguration);
  const stream = await navigator.mediaDevices.getUserMedia({ audio: true });
  for (const track of stream.getTracks()) passThrough(connection.addTrack(track, stream));
  // The payload types the client uses for telephone-event are in its SDP (offer or answer).
  connection.addEventListener('track', (event) =>
    listenForDigits(event.receiver, () => telephoneEventTypesOf(connection.remoteDescription?.sdp)),
  );
  pc = connection;
  return connection;
}

/** Our SDP as sent: without telephone-event when the far party is told to refuse it. */
function outgoingSdp(sdp: string | undefined): string {
  return telephoneEvent ? (sdp ?? '') : withoutTelephoneEvent(sdp ?? '');
}

function current(): RTCPeerConnection {
  if (!pc) throw new Error('no far peer connection');
  return pc;
}

export const far = {
  /** Whether our SDP carries telephone-event (true, as Twilio's does) for the calls that follow. */
  configure(options: { telephoneEvent: boolean }): void {
    telephoneEvent = options.telephoneEvent;
  },
  async answer(offer: string): Promise<string> {
    await fresh();
    return far.reanswer(offer);
  },
  async reanswer(offer: string): Promise<string> {
    // After `drop()` the far party answers an ICE restart from a fresh connection, as a media server would.
    const connection = pc?.signalingState === 'closed' ? await fresh() : current();
    await connection.setRemoteDescription({ type: 'offer', sdp: offer });
    await connection.setLocalDescription(await connection.createAnswer());
    await gathered(connection);
    return outgoingSdp(connection.localDescription?.sdp);
  },
  async offer(): Promise<string> {
    const connection = await fresh();
    await connection.setLocalDescription(await connection.createOffer());
    await gathered(connection);
    return outgoingSdp(connection.localDescription?.sdp);
  },
  async accept(answer: string): Promise<void> {
    await current().setRemoteDescription({ type: 'answer', sdp: answer });
  },
  async inboundPackets(): Promise<number> {
    let packets = 0;
    (await pc?.getStats())?.forEach((report) => {
      if (report.type === 'inbound-rtp' && report.kind === 'audio') packets += report.packetsReceived ?? 0;
    });
    return packets;
  },
  /** Stops (false) or resumes (true) sending audio, as a far party whose microphone goes away: no RTP at all. */
  async setSending(sending: boolean): Promise<void> {
    const sender = current().getSenders()[0];
    if (!sender) throw new Error('no far sender');
    if (!sending) sendingTrack = sender.track ?? sendingTrack;
    await sender.replaceTrack(sending ? sendingTrack : null);
  },
  /** The far party's network goes: its connection closes without a word, so the client's ICE fails. */
  drop(): void {
    pc?.close();
  },
  close(): void {
    pc?.close();
    pc = null;
  },
};
