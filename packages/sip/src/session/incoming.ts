import type { CallerInfo, LineCall, LineSignal, Party, SipHeader } from '@handset/core';
import type { Core, Invitation, NameAddrHeader } from 'sip.js';
import { customDataOf } from '../sdpModifiers';

const e164 = /^\+[1-9]\d{1,14}$/;

/** The caller as the core's Party: an E.164 number when the user part is one, else the SIP URI; the name as plain text. */
export function incomingParty(identity: NameAddrHeader): Party {
  const user = identity.uri.user ?? '';
  const number = e164.test(user) ? user : `sip:${user ? `${user}@` : ''}${identity.uri.host}`;
  const name = (identity.displayName ?? '')
    .replace(/[\u0000-\u001f\u007f]/g, '')
    .trim()
    .slice(0, 128);
  return name ? { number, name } : { number };
}

/** A message's custom headers: `X-` and `User-to-User`, the ones the core lets an app send. */
export function sipHeadersOf(request: Pick<Core.IncomingRequestMessage, 'headers'>): SipHeader[] {
  const headers: SipHeader[] = [];
  for (const [name, values] of Object.entries(request.headers as Record<string, { raw: string }[]>)) {
    if (!/^(?:x-|user-to-user$)/i.test(name)) continue;
    // SIP.js capitalises every word of a name; User-to-User is spelt as RFC 7433 does.
    const spelt = /^user-to-user$/i.test(name) ? 'User-to-User' : name;
    for (const value of values) headers.push({ name: spelt, value: value.raw });
  }
  return headers;
}

/** What `verstat` (3GPP TS 24.229, and the A/B/C levels carriers such as Twilio add) says about the caller. */
function verified(verstat: string): boolean | null {
  if (/^TN-Validation-Passed(-A)?$/i.test(verstat)) return true;
  // Only full attestation verifies the number (Twilio's rule): B and C levels, failures and no validation do not.
  if (/^(TN-Validation-(Passed|Failed)(-[ABC])?|No-TN-Validation)$/i.test(verstat)) return false;
  return null;
}

/**
 * Twilio's `callerInfo` from the network's STIR/SHAKEN verdict: the `verstat` parameter the
 * terminating carrier puts on P-Asserted-Identity (or on Identity, or on From). Null when no
 * header carries a verdict we know; the browser cannot check the signature itself.
 */
export function callerInfoOf(request: { getHeaders(name: string): string[] }): CallerInfo | null {
  for (const name of ['p-asserted-identity', 'identity', 'from']) {
    for (const value of request.getHeaders(name)) {
      const verstat = /[;?&]verstat=([\w-]+)/i.exec(value)?.[1];
      const isVerified = verstat ? verified(verstat) : null;
      if (isVerified !== null) return { isVerified };
    }
  }
  return null;
}

/** The `incoming` signal for the far side's INVITE: who calls whom, the network's verdict on the caller, its custom headers and `customData`. */
export function incomingSignal(callId: string, call: LineCall, invitation: Invitation): LineSignal {
  const { headers, customData } = customDataOf(sipHeadersOf(invitation.request));
  return {
    type: 'incoming',
    callId,
    call,
    from: incomingParty(invitation.remoteIdentity),
    to: incomingParty(invitation.localIdentity).number,
    callerInfo: callerInfoOf(invitation.request),
    ...(headers.length > 0 ? { headers } : {}),
    ...(customData === undefined ? {} : { customData }),
  };
}
