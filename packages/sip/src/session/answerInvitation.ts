import type { SipHeader } from '@handset/core';
import type { Invitation } from 'sip.js';
import { type EndSignal, noCodecEnd } from '../mapEnd';
import { hangUp } from './hangUp';
import { toHeaderLines } from './headers';
import { noCommonAudioCodec } from './sdp';

/**
 * Answers the far side's INVITE: 200 with our headers and the microphone asked for (`failed` hears why it could
 * not be sent). An offer without any audio codec this browser has cannot carry voice: it is refused with 488
 * (Not Acceptable Here) instead, and the call's end is returned.
 */
export function answerInvitation(
  invitation: Invitation,
  headers: readonly SipHeader[],
  constraints: MediaStreamConstraints,
  failed: (error: unknown) => void,
): EndSignal | undefined {
  const unknown = noCommonAudioCodec(invitation.body);
  if (unknown) {
    hangUp(invitation, [], 488);
    return noCodecEnd(unknown);
  }
  invitation.accept({ extraHeaders: toHeaderLines(headers), sessionDescriptionHandlerOptions: { constraints } }).catch(failed);
  return undefined;
}
