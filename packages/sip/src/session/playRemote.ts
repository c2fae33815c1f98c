import type { Session } from 'sip.js';

/**
 * Plays a remote stream in an element once it carries audio. SIP.js hands out the remote stream
 * before its track arrives, and Chromium leaves an element given a track-less stream silent
 * (readyState 0) even after the track is added: so the element gets the stream with its track.
 */
export function playRemote(element: HTMLMediaElement, stream: MediaStream): void {
  const start = () => {
    element.srcObject = stream;
    element.play().catch(() => {});
  };
  if (stream.getAudioTracks().length > 0) start();
  else stream.addEventListener('addtrack', start, { once: true });
}

/** Plays `session`'s far side in the element the app gave (`remoteElement`), each new remote stream as it comes. */
export function playSessionInto(element: HTMLMediaElement, session: Session): void {
  let played: MediaStream | undefined;
  session.stateChange.addListener(() => {
    const stream = (session.sessionDescriptionHandler as { remoteMediaStream?: MediaStream } | undefined)?.remoteMediaStream;
    if (stream && stream !== played) playRemote(element, (played = stream));
  });
}
