import { chime, ringback } from '../media/tones';
import { startEcho } from './echo';
import type { VirtualParty } from './VirtualParty';

/** `early`: 183 with early media (a ringback tone from the far side), then answers and echoes. */
export function early(party: VirtualParty): void {
  void party.earlyMedia().then(() => {
    if (party.disposed) return;
    ringback(party, party.timing.earlyMediaMs);
    party.after(party.timing.earlyMediaMs, async () => {
      await party.answer();
      if (party.disposed) return;
      chime(party);
      await startEcho(party);
    });
  });
}
