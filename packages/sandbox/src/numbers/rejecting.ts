import type { VirtualParty } from './VirtualParty';

/** `busy`: 486 Busy Here right away, as a phone already on a call. */
export function busy(party: VirtualParty): void {
  party.after(150, () => party.reject(486));
}

/** `decline`: rings, then the person presses "decline": 603. */
export function decline(party: VirtualParty): void {
  party.ring();
  party.after(party.timing.ringMs, () => party.reject(603));
}

/** `noanswer`: rings for ever; the caller's `timeoutSecs` ends the call with `no-answer`. */
export function noanswer(party: VirtualParty): void {
  party.ring();
}
