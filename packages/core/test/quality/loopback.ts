/** Browser-only helper: two RTCPeerConnections in one page, each sending the fake microphone to the other. */
export interface Loopback {
  readonly caller: RTCPeerConnection;
  readonly callee: RTCPeerConnection;
  readonly micTrack: MediaStreamTrack;
  close(): void;
}

/**
 * Connects the pair and plays each side's received audio in an <audio> element, as a phone does
 * (Chromium decodes remote audio, and so reports its level, only when something plays it).
 * `callerTrack` defaults to the fake microphone (Chromium's beeping test tone).
 */
export async function openLoopback(callerTrackOverride?: MediaStreamTrack): Promise<Loopback> {
  const mic = await navigator.mediaDevices.getUserMedia({ audio: true });
  const micTrack = mic.getAudioTracks()[0]!;
  const callerTrack = callerTrackOverride ?? micTrack;
  const calleeTrack = micTrack.clone();
  const caller = new RTCPeerConnection();
  const callee = new RTCPeerConnection();
  caller.onicecandidate = (e) => void (e.candidate && callee.addIceCandidate(e.candidate));
  callee.onicecandidate = (e) => void (e.candidate && caller.addIceCandidate(e.candidate));
  caller.addTrack(callerTrack, new MediaStream([callerTrack]));
  callee.addTrack(calleeTrack, new MediaStream([calleeTrack]));
  const players: HTMLAudioElement[] = [];
  for (const pc of [caller, callee]) {
    pc.ontrack = (e) => {
      const audio = new Audio();
      audio.srcObject = new MediaStream([e.track]);
      players.push(audio);
      void audio.play();
    };
  }
  const connected = new Promise<void>((resolve, reject) => {
    caller.onconnectionstatechange = () => {
      if (caller.connectionState === 'connected') resolve();
      if (caller.connectionState === 'failed') reject(new Error('loopback ICE failed'));
    };
  });
  await caller.setLocalDescription();
  await callee.setRemoteDescription(caller.localDescription!);
  await callee.setLocalDescription();
  await caller.setRemoteDescription(callee.localDescription!);
  await connected;
  return {
    caller,
    callee,
    micTrack: callerTrack,
    close() {
      for (const audio of players) audio.srcObject = null;
      caller.close();
      callee.close();
      for (const track of [micTrack, callerTrack, calleeTrack]) track.stop();
    },
  };
}

/** A getStats report as plain JSON (stat id → stat), the form the fixtures keep. */
export function reportToJson(report: RTCStatsReport): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  // Certificates are large base64 blobs that say nothing about quality: left out of the fixtures.
  report.forEach((stat: RTCStats) => {
    if (stat.type !== 'certificate') out[stat.id] = stat;
  });
  return out;
}

/**
 * A live, enabled track that delivers digital silence (a microphone that is "on" but silent):
 * a tone through a gain of 0. With `dead`, nothing feeds the destination and the track delivers
 * no audio frames at all (a dead capture path: Chromium then sends no packets).
 */
export function silentTrack(context: AudioContext, dead = false): MediaStreamTrack {
  const destination = context.createMediaStreamDestination();
  if (!dead) {
    const tone = new OscillatorNode(context);
    tone.connect(new GainNode(context, { gain: 0 })).connect(destination);
    tone.start();
  }
  return destination.stream.getAudioTracks()[0]!;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
