import type { Line } from '@handset/core';
import { sandbox } from '@handset/sandbox';
import { sip } from '@handset/sip';
import { telnyx } from '@handset/telnyx';
import { twilio } from '@handset/twilio';
import { voximplant } from '@handset/voximplant';
import { createContext, useContext } from 'react';
import { type LineSettings, sipDomain, sipLineOptions } from './settings';
import { telnyxLineOptions } from './telnyxSettings';
import { twilioLineOptions } from './twilioSettings';
import { voximplantLineOptions } from './voximplantSettings';

/** The line settings the phone below was made with. */
export const LineSettingsContext = createContext<LineSettings | null>(null);

export function useLineSettings(): LineSettings {
  const settings = useContext(LineSettingsContext);
  if (!settings) throw new Error('useLineSettings() needs a LineSettingsContext provider.');
  return settings;
}

/**
 * The line for these settings: the sandbox with its extension, SIP over WebSocket, Telnyx, or Twilio with the
 * token fetched from its token URL (the Twilio line is only chosen once one is in hand: see `App`).
 */
export function createLine(settings: LineSettings, twilioToken?: string): Line {
  if (settings.kind === 'sip' && settings.sip) return sip(sipLineOptions(settings.sip));
  if (settings.kind === 'telnyx' && settings.telnyx) return telnyx(telnyxLineOptions(settings.telnyx));
  if (settings.kind === 'twilio' && twilioToken) return twilio(twilioLineOptions(twilioToken));
  if (settings.kind === 'voximplant' && settings.voximplant) return voximplant(voximplantLineOptions(settings.voximplant));
  return sandbox({ extension: settings.extension, ...(settings.displayName ? { displayName: settings.displayName } : {}) });
}

/**
 * On the SIP line a bare user name (`bob`) is called at this account's domain (`sip:bob@example.com`);
 * everything else (numbers, sip: URIs, sandbox names) is dialled as typed.
 */
export function destinationFor(settings: LineSettings, destination: string): string {
  if (settings.kind !== 'sip' || !settings.sip) return destination;
  const trimmed = destination.trim();
  if (/^[A-Za-z0-9._~-]+$/.test(trimmed) && /[A-Za-z]/.test(trimmed)) return `sip:${trimmed}@${sipDomain(settings.sip.uri)}`;
  if (/^[^@\s:]+@[^@\s]+$/.test(trimmed)) return `sip:${trimmed}`;
  return destination;
}
