import { Inviter, type InviterOptions, type Referral, type UserAgent } from 'sip.js';

/**
 * The INVITE a REFER we accepted asks for (RFC 3515): to the Refer-To's address without its URI
 * headers, carrying its `Replaces` (an attended transfer, RFC 3891) and the REFER's `Referred-By`.
 * Built as SIP.js's `Referral.makeInviter()` builds it, but not linked to the referred session: that
 * link makes SIP.js send NOTIFYs of its own (each marked `terminated`); `referProgress` sends ours.
 */
export function referredInviter(userAgent: UserAgent, referral: Referral, options: InviterOptions): Inviter {
  const target = referral.referTo.uri.clone();
  target.clearHeaders();
  const extraHeaders = [...(options.extraHeaders ?? [])];
  const replaces = referral.replaces;
  // The Refer-To carries Replaces URI-escaped (RFC 3891 section 6.1); the INVITE carries the header itself.
  if (replaces) extraHeaders.push(`Replaces: ${decodeURIComponent(replaces)}`);
  const referredBy = referral.referredBy;
  if (referredBy) extraHeaders.push(`Referred-By: ${referredBy}`);
  return new Inviter(userAgent, target, { ...options, extraHeaders });
}
