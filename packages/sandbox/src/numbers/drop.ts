import { iceUfrag } from '@handset/core/line-kit';
import { startEcho } from './echo';
import type { VirtualParty } from './VirtualParty';

/**
 * `drop`: answers and echoes, then after `dropAfterMs` its network goes: it stops sending RTP
 * and hears nothing. The phone notices the silence, goes `reconnecting` and restarts ICE;
 * the restart offer (a new ICE ufrag) is the party's network coming back, and it answers it.
 */
export function drop(party: VirtualParty): void {
  dropping(party, true);
}

/** `drop-forever`: like `drop`, but the network never comes back: the call ends with `network`. */
export function dropForever(party: VirtualParty): void {
  dropping(party, false);
}

function dropping(party: VirtualParty, recovers: boolean): void {
  party.ring();
  party.after(party.timing.ringMs, async () => {
    await party.answer();
    if (party.disposed) return;
    await startEcho(party);
    party.after(party.timing.dropAfterMs, () => {
      const ufrag = iceUfrag(party.peerConnection?.currentRemoteDescription?.sdp ?? '');
      let offline = true;
      void party.setSending(false);
      party.hooks.filter = (message) => {
        if (!offline || message.t === 'bye' || message.t === 'cancel') return true;
        const restart = message.t === 'sdp' && message.description.type === 'offer' && iceUfrag(message.description.sdp ?? '') !== ufrag;
        if (!restart || !recovers) return false; // lost in the outage
        offline = false;
        void party.setSending(true);
        return true;
      };
    });
  });
}
