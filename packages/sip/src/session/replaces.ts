import type { Core, Session } from 'sip.js';

/** A dialog as its recipient sees it: SIP.js's `SessionDialog` names its tags by side. */
export interface DialogId {
  readonly callId: string;
  readonly localTag: string;
  readonly remoteTag: string;
}

/**
 * The dialog an INVITE's `Replaces` header names (RFC 3891), or undefined without one. The header's
 * to-tag is the recipient's own tag (its local tag), its from-tag the far side's, which is how SIP.js
 * itself finds the dialog (and answers 481 before the line hears of the INVITE when none matches).
 */
export function replacedDialog(request: Core.IncomingRequestMessage): DialogId | undefined {
  if (!request.hasHeader('replaces')) return undefined;
  const parsed = request.parseHeader('replaces') as
    | { call_id?: unknown; replaces_to_tag?: unknown; replaces_from_tag?: unknown }
    | undefined;
  const { call_id: callId, replaces_to_tag: localTag, replaces_from_tag: remoteTag } = parsed ?? {};
  if (typeof callId !== 'string' || typeof localTag !== 'string' || typeof remoteTag !== 'string') return undefined;
  return { callId, localTag, remoteTag };
}

/** True when `session`'s confirmed dialog is `id`. */
export function hasDialog(session: Session, id: DialogId): boolean {
  const dialog = session.dialog;
  return dialog?.callId === id.callId && dialog.localTag === id.localTag && dialog.remoteTag === id.remoteTag;
}
