import type { DialRequest } from '@handset/core';
import { microphoneConstraints } from '@handset/core/line-kit';
import { Inviter, type URI, UserAgent } from 'sip.js';
import { customDataHeader, sdpModifiers } from './sdpModifiers';
import { toHeaderLines } from './session/headers';

/** A number or address to call (or transfer to) as a SIP URI: `+E.164` at the line's domain; undefined when not SIP. */
export function targetUri(destination: string, domain: string): URI | undefined {
  return UserAgent.makeURI(destination.startsWith('+') ? `sip:${destination}@${domain}` : destination);
}

/**
 * The INVITE a dial sends, not yet sent: its custom headers (`customData` among them), `callerName` as the From
 * display name, the SDP edits some options need, and the microphone asked for. Early media is played.
 */
export function dialInviter(ua: UserAgent, target: URI, { options, headers }: DialRequest): Inviter {
  const modifiers = sdpModifiers(options);
  return new Inviter(ua, target, {
    extraHeaders: toHeaderLines(options.customData === undefined ? headers : [...headers, customDataHeader(options.customData)]),
    earlyMedia: true,
    ...(modifiers.length > 0 ? { sessionDescriptionHandlerModifiers: modifiers } : {}),
    ...(options.callerName ? { params: { fromDisplayName: options.callerName } } : {}),
    sessionDescriptionHandlerOptions: {
      constraints: { audio: microphoneConstraints(options.audio, options.micId), video: false },
    } as object,
  });
}
