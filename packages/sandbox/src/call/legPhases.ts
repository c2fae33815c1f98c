import type { PhaseTable } from '@handset/core/line-kit';

/**
 * One leg's life, as a table like the call's own (the leg reports; the core decides the call's state):
 * - outgoing: `new` → `offering` (INVITE sent, nothing heard yet) → `proceeding` (the far side said anything:
 *   100, 180, 183, 200, 4xx) → `early` (a 183 with media) → `answered` (its 200 applied);
 * - incoming: `new` → `incoming` (ringing here) → `answering` (accepted: microphone and answer on the way) →
 *   `answered` (our 200 sent);
 * - `answered` → `connected` (ICE and DTLS up: media can flow); any phase → `closed`.
 * A message with no move in the current phase came out of place and is ignored.
 */
export type LegPhase = 'new' | 'offering' | 'proceeding' | 'early' | 'incoming' | 'answering' | 'answered' | 'connected' | 'closed';
export type LegEvent = 'dial' | 'invite' | 'heard' | 'earlyMedia' | 'accept' | 'answered' | 'connected' | 'close';

export const legPhases: PhaseTable<LegPhase, LegEvent> = {
  new: { dial: 'offering', invite: 'incoming', close: 'closed' },
  offering: { heard: 'proceeding', close: 'closed' },
  proceeding: { earlyMedia: 'early', answered: 'answered', close: 'closed' },
  early: { earlyMedia: 'early', answered: 'answered', close: 'closed' },
  incoming: { accept: 'answering', close: 'closed' },
  answering: { answered: 'answered', close: 'closed' },
  answered: { connected: 'connected', close: 'closed' },
  connected: { close: 'closed' },
  closed: {},
};
