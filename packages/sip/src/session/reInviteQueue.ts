import { PhaseMachine, type ReInviteEvent, type ReInvitePhase, reInvite } from '@handset/core/line-kit';
import { type Core, RequestPendingError, type Session, type Web } from 'sip.js';
import { refuseInDialogInvites } from '../sipjs/internals';
import { restoreDirection, rollBackOffer } from './offerRollback';

type SessionDescriptionHandlerOptions = Web.SessionDescriptionHandlerOptions;

export interface ReInviteHost {
  readonly session: Session;
  readonly isOutgoing: boolean;
  readonly peerConnection: () => RTCPeerConnection | undefined;
  /** The hold asked for or agreed changed: the microphone follows. */
  readonly holdChanged: () => void;
  /** The far side would not take our hold (`held`) or resume: the user's hold is back to the agreed one. */
  readonly holdRefused: (held: boolean, why: string) => void;
}

/** An ICE restart asked for by the media recovery; it goes when no other re-INVITE is out. */
export interface IceRestartRequest {
  /** Read again when its turn comes: media may have come back meanwhile. */
  readonly wanted: () => boolean;
  readonly sending: () => void;
  readonly done: (accepted: boolean) => void;
}

/** A 491 is retried this many times (RFC 3261 leaves it open); SIP.js's "busy" refusals, more often and sooner. */
const glareRetries = 3;
const busyRetries = 10;
/** How often to look whether an open INVITE transaction of the dialog has closed. */
const openPollMs = 50;

/** How long to wait before retrying a re-INVITE answered 491 (RFC 3261 section 14.1). */
function glareWaitMs(ownsCallId: boolean): number {
  return ownsCallId ? 2100 + Math.random() * 1900 : Math.random() * 2000;
}

/** True while an INVITE transaction of this dialog, ours or the far side's, is still open. */
export function reinviteOpen(session: Session): boolean {
  // `Session.dialog` is typed as the core's Session interface; the object is its public SessionDialog
  // class, which names the open re-INVITEs (test/sipjsInternals.test.ts checks it is one).
  const dialog = session.dialog as Core.SessionDialog | undefined;
  return Boolean(dialog?.reinviteUserAgentClient || dialog?.reinviteUserAgentServer);
}

function isPendingReinvite(error: unknown): boolean {
  return error instanceof RequestPendingError || /ongoing re-INVITE/.test(String((error as Error)?.message));
}

function messageOf(error: unknown): string {
  return String((error as Error)?.message ?? error);
}

/**
 * One dialog's re-INVITEs, on the line kit's `reInvite` table: the user's hold and resume, and the media
 * recovery's ICE restarts, one offer at a time. Hold is sendonly, resume sendrecv; a change asked for while
 * an offer is out goes when it completes. A 491 is retried after the RFC 3261 wait, three times at most;
 * any other refusal (488, 606, 408...) puts the agreed hold back at once (holdFailed / unholdFailed). Either
 * way our refused offer is rolled back first. An ICE restart is not retried here: the recovery asks again.
 */
export class ReInviteQueue {
  readonly #host: ReInviteHost;
  readonly #machine = new PhaseMachine<ReInvitePhase, ReInviteEvent>(reInvite, 'idle', (to) => this.#moved(to));
  /** The hold the user asked for, and the one the far side last accepted. */
  #held = false;
  #agreedHold = false;
  #restart: IceRestartRequest | undefined;
  /** The offer out (or last out): a hold change, or the ICE restart it carries. */
  #offer: { held: boolean; restart?: IceRestartRequest } = { held: false };
  #retries = 0;
  /** Set with `glare` and `refused`: how long to wait, and why the far side refused. */
  #retryInMs = 0;
  #refusal = '';
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(host: ReInviteHost) {
    this.#host = host;
    this.#refuseOffersWhileOffering();
  }

  /** The hold the user asked for (the microphone follows it at once, the far side when it accepts). */
  get held(): boolean {
    return this.#held;
  }

  /** Hold or resume: sent now, or when the offer out completes (nothing when it is the agreed one). */
  hold(held: boolean): void {
    this.#held = held;
    this.#host.holdChanged();
    this.#next();
  }

  /** A transfer's new session starts from the user's hold; our own INVITE already offers it (`offersHold`). */
  inherit(held: boolean, offersHold: boolean): void {
    this.#held = held;
    if (!offersHold) return;
    this.#agreedHold = true;
    this.#setHoldOption(true);
    const session = this.#host.session;
    const options = (session.sessionDescriptionHandlerOptions ?? {}) as SessionDescriptionHandlerOptions;
    session.sessionDescriptionHandlerOptions = { ...options, hold: true } as SessionDescriptionHandlerOptions;
  }

  restartIce(request: IceRestartRequest): void {
    this.#restart = request;
    this.#next();
  }

  /** The dialog ended: nothing more goes, and a late answer changes nothing. */
  close(): void {
    this.#machine.send('ended');
  }

  /**
   * Glare while our re-INVITE's offer is still being made (ICE gathering, up to the gathering
   * timeout: SIP.js sends the INVITE only then, so its own 491 check does not see it yet). SIP.js
   * would take the far side's offer as the answer to ours, fail (488), and leave the peer connection
   * unable to take the real answer: our re-INVITE then ends the call with a BYE. Seen with both
   * ends restarting ICE after a real relay failure. Answer 491 (RFC 3261 section 14.2) instead.
   */
  #refuseOffersWhileOffering(): void {
    refuseInDialogInvites(this.#host.session, () => (this.#host.peerConnection()?.signalingState === 'have-local-offer' ? 491 : undefined));
  }

  /** In `idle`, the next offer wanted: an ICE restart first (media is down), else the hold asked for. */
  #next(): void {
    if (this.#machine.phase !== 'idle') return;
    const restart = this.#restart;
    if (restart && !restart.wanted()) {
      this.#restart = undefined;
      restart.done(false);
      this.#next(); // the hold may still want to go (done() may also have asked for a restart that goes first)
      return;
    }
    if (!restart && this.#held === this.#agreedHold) return;
    if (reinviteOpen(this.#host.session)) {
      // RFC 3261 14.1: wait until the open INVITE transaction (often the far side's) completes.
      this.#machine.send('busy');
      return;
    }
    this.#restart = undefined;
    this.#offer = restart ? { held: this.#agreedHold, restart } : { held: this.#held };
    this.#machine.send('offer');
  }

  /** The effects of each move of the table. */
  #moved(to: ReInvitePhase): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    switch (to) {
      case 'idle':
        this.#next();
        return;
      case 'theirs':
        this.#timer = setTimeout(() => this.#machine.send('clear'), openPollMs);
        return;
      case 'offering':
        if (this.#offer.restart) this.#sendRestart(this.#offer.restart);
        else this.#sendHold(this.#offer.held);
        return;
      case 'glare':
        // SIP.js leaves our refused offer applied: take it back before offering again.
        void rollBackOffer(this.#host.peerConnection()).then(() => {
          if (this.#machine.phase === 'glare') this.#timer = setTimeout(() => this.#machine.send('retry'), this.#retryInMs);
        });
        return;
      case 'restoring':
        this.#restore();
        return;
      case 'closed':
        return;
    }
  }

  #sendHold(held: boolean): void {
    this.#setHoldOption(held);
    this.#host.session
      .invite({
        requestDelegate: {
          onAccept: () => {
            this.#retries = 0;
            this.#agreedHold = held;
            this.#host.holdChanged();
            this.#machine.send('accepted');
          },
          onReject: (response) => {
            const code = response.message.statusCode ?? 0;
            // Only 491 is glare (RFC 3261 section 14.1): retried after the wait. Anything else is a refusal
            // (488 / 606: the far side will not take this offer; 408: no answer in time): the user hears at once.
            if (code === 491 && this.#retries < glareRetries) this.#glare(glareWaitMs(this.#host.isOutgoing));
            else this.#refuse(`${code} ${response.message.reasonPhrase}`);
          },
        },
      })
      .catch((error: unknown) => {
        // A re-INVITE of either side is still open here (e.g. ours answered, its ACK not yet in):
        // SIP.js refuses to start another, so try again shortly.
        // Or the far side's offer arrived while ours was being made (the peer connection was busy).
        const busy =
          isPendingReinvite(error) ||
          reinviteOpen(this.#host.session) ||
          this.#host.peerConnection()?.signalingState === 'have-remote-offer' ||
          /wrong state|signaling state/i.test(messageOf(error));
        if (busy && this.#retries < busyRetries) this.#glare(100 + Math.random() * 200);
        else this.#refuse(messageOf(error));
      });
  }

  /**
   * ICE restart (RFC 8445 section 9): a re-INVITE whose offer carries new ICE credentials and the agreed
   * hold. Whatever its outcome the recovery hears it and decides; a refused one is only rolled back.
   */
  #sendRestart(restart: IceRestartRequest): void {
    restart.sending();
    const session = this.#host.session;
    const options = (session.sessionDescriptionHandlerOptionsReInvite ?? {}) as SessionDescriptionHandlerOptions;
    const restartOptions = { ...options, hold: this.#agreedHold, offerOptions: { ...options.offerOptions, iceRestart: true } };
    session
      .invite({
        sessionDescriptionHandlerOptions: restartOptions as SessionDescriptionHandlerOptions,
        requestDelegate: {
          onAccept: () => {
            this.#dropIceRestartOption();
            this.#machine.send('accepted');
            restart.done(true);
          },
          onReject: (response) => this.#refuse(`${response.message.statusCode} ${response.message.reasonPhrase}`),
        },
      })
      .catch((error: unknown) => this.#refuse(messageOf(error)));
  }

  #glare(waitMs: number): void {
    this.#retries += 1;
    this.#retryInMs = waitMs;
    this.#machine.send('glare');
  }

  #refuse(why: string): void {
    this.#refusal = why;
    this.#machine.send('refused');
  }

  /** Our offer was refused for good: take it back, and for a hold put the agreed one back where the user hears it. */
  #restore(): void {
    const { held, restart } = this.#offer;
    const restored = () => this.#machine.send('restored');
    if (restart) {
      void rollBackOffer(this.#host.peerConnection()).then(() => {
        this.#dropIceRestartOption();
        restored();
        restart.done(false);
      });
      return;
    }
    this.#retries = 0;
    if (this.#held === held) {
      this.#held = this.#agreedHold;
      this.#setHoldOption(this.#held);
      this.#host.holdChanged();
      this.#host.holdRefused(held, this.#refusal);
    }
    void rollBackOffer(this.#host.peerConnection()).then(() => {
      if (this.#machine.phase !== 'restoring') return;
      restoreDirection(this.#host.peerConnection(), this.#agreedHold);
      restored();
    });
  }

  #setHoldOption(held: boolean): void {
    const session = this.#host.session;
    const options = (session.sessionDescriptionHandlerOptionsReInvite ?? {}) as SessionDescriptionHandlerOptions;
    session.sessionDescriptionHandlerOptionsReInvite = { ...options, hold: held } as SessionDescriptionHandlerOptions;
  }

  /** SIP.js keeps an invite()'s options for the next re-INVITE: a hold after a restart must not restart ICE again. */
  #dropIceRestartOption(): void {
    const session = this.#host.session;
    const { offerOptions, ...rest } = (session.sessionDescriptionHandlerOptionsReInvite ?? {}) as SessionDescriptionHandlerOptions;
    const { iceRestart: _restart, ...otherOffer } = offerOptions ?? {};
    session.sessionDescriptionHandlerOptionsReInvite = {
      ...rest,
      ...(Object.keys(otherOffer).length > 0 ? { offerOptions: otherOffer } : {}),
    } as SessionDescriptionHandlerOptions;
  }
}
