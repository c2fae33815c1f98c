import type { PhaseTable } from './phaseMachine';

/**
 * One dialog's re-INVITEs (RFC 3261 section 14), one at a time:
 * - `idle`: none of ours is out; an offer wanted (hold, resume, ICE restart) goes (`offer`), unless an INVITE
 *   transaction of the dialog is still open (`busy`: the far side's offer, or ours awaiting its ACK);
 * - `theirs`: that transaction is open; the line waits for it to close (`clear`) before offering (section 14.1);
 * - `offering`: our offer is out until `accepted`, `glare` (491, or the far side's offer crossed ours) or `refused`;
 * - `glare`: our offer is taken back and the line waits the RFC's random time, then offers again (`retry`).
 *   The line counts the retries: past its bound a glare is `refused`;
 * - `restoring`: refused for good; our offer is taken back and the last agreed direction put back (`restored`);
 * - `closed`: the dialog ended (`ended`); nothing moves again, so a late answer changes nothing.
 * Every way back to `idle` lets the next wanted offer go.
 */
export type ReInvitePhase = 'idle' | 'theirs' | 'offering' | 'glare' | 'restoring' | 'closed';
export type ReInviteEvent = 'offer' | 'busy' | 'clear' | 'accepted' | 'glare' | 'refused' | 'retry' | 'restored' | 'ended';

export const reInvite: PhaseTable<ReInvitePhase, ReInviteEvent> = {
  idle: { offer: 'offering', busy: 'theirs', ended: 'closed' },
  theirs: { clear: 'idle', ended: 'closed' },
  offering: { accepted: 'idle', glare: 'glare', refused: 'restoring', ended: 'closed' },
  glare: { retry: 'idle', ended: 'closed' },
  restoring: { restored: 'idle', ended: 'closed' },
  closed: {},
};
