import type { Party } from '@handset/core';
import { type Core, type Inviter, type Referral, SessionState } from 'sip.js';
import type { CallSession } from './CallSession';
import { incomingParty } from './incoming';
import { referProgress } from './referNotify';
import { referredInviter } from './referredInviter';

/**
 * How the line lets a transfer's new session take over a call once answered: `remote` names the new party,
 * `hangUpReplaced` ends the session it replaces.
 */
export type TakeOver = (next: Inviter, remote: () => Party, hangUpReplaced: (replaced: CallSession) => void) => void;

/**
 * The far side transfers us (REFER): 202, then call the target, telling the transferor how it goes by NOTIFY.
 * Once the target answers, the new session takes over `old`'s call (`takeOver`), and the old dialog is hung up
 * once the transferor has the 2xx NOTIFY. If the target fails, the transferor hears so and the call goes on unchanged.
 */
export function followReferral(old: CallSession, referral: Referral, takeOver: TakeOver): void {
  referral.accept().catch(() => {});
  const progress = referProgress(old.session);
  // Not referral.makeInviter(): its inviter would send SIP.js's own NOTIFYs besides referProgress's.
  const inviter = referredInviter(old.session.userAgent, referral, {
    earlyMedia: true,
    sessionDescriptionHandlerOptions: { constraints: { audio: true, video: false } } as object,
  });
  let settle: () => void = () => {};
  old.deferEndUntil(
    new Promise<void>((resolve) => {
      settle = resolve;
    }),
  );
  // Before the takeover's listener: the transferor is told first.
  inviter.stateChange.addListener((state) => {
    // A rejection reaches the request delegate (with its code) right after this: let it speak first.
    if (state === SessionState.Terminated) queueMicrotask(() => progress.final(503, 'Service Unavailable'));
    else if (state === SessionState.Established) progress.final(200, 'OK');
    else return;
    settle();
  });
  takeOver(
    inviter,
    // The Refer-To keeps the name an attended transfer gives its target (its URI is then a device contact).
    () => incomingParty(inviter.assertedIdentity ?? referral.referTo),
    // Once the transferor has the 2xx NOTIFY (it usually hangs up itself then): a BYE sent at once could
    // reach it first and end its call as hung up by us.
    (replaced) => void progress.final(200, 'OK').then(() => replaced.hangup([])),
  );
  const failed = (response: Core.IncomingResponse) =>
    progress.final(response.message.statusCode ?? 500, response.message.reasonPhrase ?? '');
  inviter.invite({ requestDelegate: { onReject: failed, onRedirect: failed } }).catch(() => {});
}
