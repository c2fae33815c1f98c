import type { Session } from 'sip.js';

export interface ReferProgress {
  /**
   * The new call's final answer: the last NOTIFY, which ends the implicit subscription. Resolves
   * once the transferor has answered it (or it could not be sent), never rejects.
   */
  final(code: number, reason: string): Promise<void>;
}

/**
 * The NOTIFYs of the implicit subscription that a REFER we accepted creates (RFC 3515 section 2.4.4):
 * `100 Trying` at once, then the final answer of the call to the target. SIP.js's own mark every
 * NOTIFY `terminated`, the first one too, which a transferor may take for the end of the transfer.
 */
export function referProgress(referred: Session): ReferProgress {
  const send = (code: number, reason: string, state: string, answered: () => void = () => {}) => {
    try {
      const dialog = referred.dialog;
      if (!dialog) return answered();
      dialog.notify(
        { onAccept: answered, onReject: answered },
        {
          extraHeaders: ['Event: refer', `Subscription-State: ${state}`],
          body: { contentDisposition: 'render', contentType: 'message/sipfrag', content: `SIP/2.0 ${code} ${reason}` },
        },
      );
    } catch {
      // The transferor's dialog ended meanwhile: nobody is left to tell.
      answered();
    }
  };
  let sent: Promise<void> | undefined;
  send(100, 'Trying', 'active;expires=60');
  return {
    final(code, reason) {
      sent ??= new Promise((resolve) => send(code, reason, 'terminated;reason=noresource', resolve));
      return sent;
    },
  };
}
