import { chime, dtmfTone, tone } from '../media/tones';
import type { VirtualParty } from './VirtualParty';

/**
 * `ivr`: answers with a greeting (a chime and a prompt tone), then answers each DTMF digit
 * it receives audibly (the digit's own tone) and with an in-call message naming it.
 */
export function ivr(party: VirtualParty): void {
  party.ring();
  party.after(party.timing.ringMs, async () => {
    await party.answer();
    if (party.disposed) return;
    const length = chime(party);
    tone(party, [440], 400, length + 200); // "please enter your choice"
    let count = 0;
    party.hooks.digit = (digit) => {
      dtmfTone(party, digit);
      count += 1;
      party.message({
        id: `${party.callId}-ivr-${count}`,
        contentType: 'application/json',
        messageType: 'ivr-digit',
        content: { digit, index: count, receivedAt: Date.now(), text: `You pressed ${digit}.` },
      });
    };
  });
}
