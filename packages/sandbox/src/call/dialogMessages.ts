import type { DialRequest, LineCall, LineSignal, SipHeader } from '@handset/core';
import type { SandboxMessage } from '../signalling/messages';

export type InviteMessage = Extract<SandboxMessage, { t: 'invite' }>;

/** The INVITE of a dial: our offer, who calls, and what the app asked to carry (headers, parameters, custom data). */
export function inviteFor(callId: string, request: DialRequest, from: string, fromName: string | undefined, sdp: string): InviteMessage {
  const options = request.options;
  return {
    t: 'invite',
    callId,
    from,
    ...(fromName ? { fromName } : {}),
    to: request.destination,
    sdp,
    headers: request.headers,
    ...(options.parameters ? { parameters: options.parameters } : {}),
    ...(options.customData === undefined ? {} : { customData: options.customData }),
  };
}

/** What the core hears of a far side's INVITE. */
export function incomingSignal(invite: InviteMessage, call: LineCall): LineSignal {
  return {
    type: 'incoming',
    callId: invite.callId,
    call,
    from: { number: invite.from, ...(invite.fromName ? { name: invite.fromName } : {}) },
    to: invite.to,
    headers: invite.headers,
    ...(invite.parameters ? { customParameters: invite.parameters } : {}),
    ...(invite.customData === undefined ? {} : { customData: invite.customData }),
  };
}

/** How this side leaves the dialog: BYE once answered; before that the caller sends CANCEL and the callee declines with 480. */
export function terminationFor(
  callId: string,
  direction: 'outgoing' | 'incoming',
  answered: boolean,
  headers: readonly SipHeader[],
): SandboxMessage {
  const extra = withHeaders(headers);
  if (answered) return { t: 'bye', callId, ...extra };
  if (direction === 'outgoing') return { t: 'cancel', callId, ...extra };
  return { t: 'reject', callId, code: 480, reason: 'Temporarily Unavailable', ...extra };
}

/** Headers as an optional message field: left out when there are none. */
export function withHeaders(headers: readonly SipHeader[] | undefined): { headers?: readonly SipHeader[] } {
  return headers && headers.length > 0 ? { headers } : {};
}
