import type { VirtualParty } from './VirtualParty';

/** How late the echo plays your voice back. */
export const echoDelaySeconds = 1;

/** Feeds the caller's own audio back through a one-second DelayNode. */
export async function startEcho(party: VirtualParty): Promise<void> {
  const stream = await party.remoteStream();
  if (party.disposed) return;
  const { context } = party;
  const source = context.createMediaStreamSource(stream);
  const delay = context.createDelay(echoDelaySeconds * 2);
  delay.delayTime.value = echoDelaySeconds;
  source.connect(delay).connect(party.destination);
  party.track(source);
  party.track(delay);
}

/** `echo`: rings briefly, answers with a chime, then plays you back about one second late. */
export function echo(party: VirtualParty): void {
  party.ring();
  party.after(party.timing.ringMs, async () => {
    await party.answer();
    if (party.disposed) return;
    await startEcho(party);
    // Messages come back too, so the echo test covers the message path.
    party.hooks.message = (message) => party.message({ ...message, id: `${message.id ?? 'm'}-echo` });
  });
}
