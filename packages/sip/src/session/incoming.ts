import type { Party, SipHeader } from '@handset/core';
import type { NameAddrHeader } from 'sip.js';
import type { IncomingRequestMessage } from 'sip.js/lib/core/index.js';

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

/** The INVITE's custom `X-` headers. */
export function sipHeadersOf(request: IncomingRequestMessage): SipHeader[] {
  const headers: SipHeader[] = [];
  for (const [name, values] of Object.entries(request.headers as Record<string, { raw: string }[]>)) {
    if (!/^x-/i.test(name)) continue;
    for (const value of values) headers.push({ name, value: value.raw });
  }
  return headers;
}
