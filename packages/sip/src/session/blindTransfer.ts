import { Session, type URI } from 'sip.js';

export interface TransferOutcome {
  /** The target answered 2xx: this call is done. `target` names it. */
  readonly transferred: (target: string) => void;
  /** The REFER or the target refused, once: the call goes on. */
  readonly failed: (why: string) => void;
}

/**
 * Blind transfer: REFER the far side of `session` to `target`, and follow the NOTIFYs of the implicit
 * subscription (RFC 3515) until the target's final answer.
 */
export function blindTransfer(session: Session, target: URI | Session, outcome: TransferOutcome): void {
  const described = target instanceof Session ? target.remoteIdentity.uri.toString() : target.toString();
  let settled = false;
  const failed = (why: string) => {
    if (settled) return;
    settled = true;
    outcome.failed(why);
  };
  session
    .refer(target, {
      requestDelegate: { onReject: (response) => failed(`${response.message.statusCode} ${response.message.reasonPhrase}`) },
      onNotify: (notification) => {
        notification.accept().catch(() => {});
        const code = Number(/^SIP\/2\.0 (\d{3})/.exec(notification.request.body ?? '')?.[1] ?? 0);
        if (code < 200 || settled) return;
        if (code >= 300) {
          failed(`the target answered ${code}`);
          return;
        }
        settled = true;
        outcome.transferred(described);
      },
    })
    .catch((error: unknown) => failed(String((error as Error)?.message ?? error)));
}
