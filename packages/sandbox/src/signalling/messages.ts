import type { CallEnd, CallMessage, SipHeader } from '@handset/core';
import { endReasonOf } from '@handset/core/line-kit';

/**
 * The sandbox's signalling, shaped after SIP so that lines built on it behave like real ones:
 * an INVITE carries the offer, 180/183 ring (183 with the answer for early media), 200 answers,
 * 4xx-6xx reject, CANCEL/BYE end, re-INVITEs (`sdp`) renegotiate, INFO and MESSAGE travel in-dialog.
 * Every message names its dialog by `callId`, shared by both ends.
 */
export type SandboxMessage =
  | {
      readonly t: 'invite';
      readonly callId: string;
      readonly from: string;
      readonly fromName?: string;
      readonly to: string;
      readonly sdp: string;
      readonly headers: readonly SipHeader[];
      readonly parameters?: Readonly<Record<string, string>>;
      readonly customData?: string;
    }
  /** 100 Trying: the callee exists and is thinking. */
  | { readonly t: 'trying'; readonly callId: string }
  /** 180 Ringing, or 183 Session Progress with the answer SDP (early media). */
  | { readonly t: 'progress'; readonly callId: string; readonly code: 180 | 183; readonly sdp?: string }
  /** 200 OK; carries the answer unless a 183 already did. */
  | { readonly t: 'answer'; readonly callId: string; readonly sdp?: string; readonly headers?: readonly SipHeader[] }
  | {
      readonly t: 'reject';
      readonly callId: string;
      readonly code: number;
      readonly reason: string;
      readonly headers?: readonly SipHeader[];
    }
  | { readonly t: 'cancel'; readonly callId: string; readonly headers?: readonly SipHeader[] }
  | { readonly t: 'bye'; readonly callId: string; readonly reason?: string; readonly headers?: readonly SipHeader[] }
  /** A re-INVITE offer or its answer (hold, unhold, ICE restart). */
  | { readonly t: 'sdp'; readonly callId: string; readonly description: RTCSessionDescriptionInit }
  | { readonly t: 'candidate'; readonly callId: string; readonly candidate: RTCIceCandidateInit | null }
  | {
      readonly t: 'info';
      readonly callId: string;
      readonly mimeType: string;
      readonly body: string;
      readonly headers?: readonly SipHeader[];
    }
  | { readonly t: 'message'; readonly callId: string; readonly message: CallMessage }
  | { readonly t: 'messageAck'; readonly callId: string; readonly id: string };

export type MessageType = SandboxMessage['t'];

/** The reason phrases a SIP server would send with each final code the sandbox uses. */
export const reasonPhrases: Readonly<Record<number, string>> = {
  404: 'Not Found',
  480: 'Temporarily Unavailable',
  482: 'Loop Detected',
  486: 'Busy Here',
  487: 'Request Terminated',
  488: 'Not Acceptable Here',
  500: 'Server Internal Error',
  600: 'Busy Everywhere',
  603: 'Decline',
};

/** How a final failure response ends the caller's call, as a SIP user agent maps it. */
export function endForResponse(code: number, reason?: string): Omit<CallEnd, 'by'> {
  return { reason: endReasonOf(code), sipCode: code, message: `${code} ${reason ?? reasonPhrases[code] ?? 'Call failed'}` };
}
