import { isHandsetError } from '@handset/core';
import { isBuiltInNumber, isExtensionName } from '@handset/sandbox';
import { sip } from '@handset/sip';
import { readTelnyx, type TelnyxSettings } from './telnyxSettings';
import { readTwilio, type TwilioSettings } from './twilioSettings';
import { readVoximplant, type VoximplantSettings } from './voximplantSettings';

/** Which line the phone uses: the in-browser sandbox, a SIP server over WebSocket, Telnyx, Twilio or Voximplant. */
export type LineKind = 'sandbox' | 'sip' | 'telnyx' | 'twilio' | 'voximplant';

/** The SIP account. The password lives in this tab only (memory and sessionStorage), never in localStorage. */
export interface SipSettings {
  readonly server: string;
  readonly uri: string;
  readonly password: string;
  readonly displayName: string;
}

/** The line settings of this tab. Everything lives in sessionStorage, so each tab keeps its own line. */
export interface LineSettings {
  readonly kind: LineKind;
  /** The sandbox extension (kept while the SIP line is chosen, for switching back). */
  readonly extension: string;
  readonly displayName: string;
  readonly sip: SipSettings | null;
  readonly telnyx: TelnyxSettings | null;
  readonly twilio: TwilioSettings | null;
  readonly voximplant: VoximplantSettings | null;
}

const keys = {
  kind: 'handset-demo:line',
  extension: 'handset-demo:extension',
  name: 'handset-demo:display-name',
  sip: 'handset-demo:sip',
  telnyx: 'handset-demo:telnyx',
  twilio: 'handset-demo:twilio',
  voximplant: 'handset-demo:voximplant',
} as const;

function randomExtension(): string {
  return `phone-${Math.floor(1000 + Math.random() * 9000)}`;
}

function readSip(): SipSettings | null {
  try {
    const value: unknown = JSON.parse(sessionStorage.getItem(keys.sip) ?? 'null');
    if (typeof value !== 'object' || value === null) return null;
    const { server, uri, password, displayName } = value as Record<string, unknown>;
    const text = (v: unknown) => (typeof v === 'string' ? v : '');
    const settings = { server: text(server), uri: text(uri), password: text(password), displayName: text(displayName) };
    return Object.keys(validateSipSettings(settings)).length === 0 ? settings : null;
  } catch {
    return null;
  }
}

/** `?ext=alice&name=Alice` wins (handy for two tabs side by side), then this tab's saved choice, then a random name. */
export function loadLineSettings(): LineSettings {
  const params = new URLSearchParams(location.search);
  const fromUrl = params.get('ext');
  const extension = fromUrl && isExtensionName(fromUrl) ? fromUrl : (sessionStorage.getItem(keys.extension) ?? randomExtension());
  const displayName = params.get('name') ?? sessionStorage.getItem(keys.name) ?? '';
  const saved = {
    sip: readSip(),
    telnyx: readTelnyx(readJson(keys.telnyx)),
    twilio: readTwilio(readJson(keys.twilio)),
    voximplant: readVoximplant(readJson(keys.voximplant)),
  };
  // A line is only picked up again when its saved settings are complete and valid.
  const chosen = sessionStorage.getItem(keys.kind);
  const kind: LineKind =
    chosen === 'sip' || chosen === 'telnyx' || chosen === 'twilio' || chosen === 'voximplant'
      ? saved[chosen]
        ? chosen
        : 'sandbox'
      : 'sandbox';
  const settings: LineSettings = { kind, extension, displayName, ...saved };
  saveLineSettings(settings);
  return settings;
}

export function saveLineSettings(settings: LineSettings): void {
  try {
    sessionStorage.setItem(keys.kind, settings.kind);
    sessionStorage.setItem(keys.extension, settings.extension);
    sessionStorage.setItem(keys.name, settings.displayName);
    for (const kind of ['sip', 'telnyx', 'twilio', 'voximplant'] as const) {
      if (settings[kind]) sessionStorage.setItem(keys[kind], JSON.stringify(settings[kind]));
      else sessionStorage.removeItem(keys[kind]);
    }
  } catch {}
}

function readJson(key: string): unknown {
  try {
    return JSON.parse(sessionStorage.getItem(key) ?? 'null');
  } catch {
    return null;
  }
}

/** Who this tab is on its line: the sandbox extension, or the SIP address. Recent calls are kept per identity. */
export function lineIdentity(settings: LineSettings): string {
  if (settings.kind === 'sip' && settings.sip) return settings.sip.uri;
  if (settings.kind === 'telnyx' && settings.telnyx) return `telnyx:${settings.telnyx.login || 'token'}`;
  if (settings.kind === 'twilio' && settings.twilio) return `twilio:${settings.twilio.tokenUrl}`;
  if (settings.kind === 'voximplant' && settings.voximplant) return `voximplant:${settings.voximplant.username}`;
  return settings.extension;
}

/** The domain of the SIP address (`example.com` in `sip:alice@example.com`), where bare user names are called. */
export function sipDomain(uri: string): string {
  return /@([^;?:>]+|\[[^\]]+\])/.exec(uri)?.[1] ?? '';
}

/** The sandbox extension and name, checked: a message for the person, or null when they are fine. */
export function validateSandbox(extension: string, displayName: string): string | null {
  if (!isExtensionName(extension)) return 'An extension is 1 to 32 letters, digits, dots, dashes or underscores, like alice or desk-2.';
  if (isBuiltInNumber(extension)) return `“${extension}” is a sandbox number; choose another extension.`;
  if (displayName.length > 64) return 'Keep the display name under 64 characters.';
  return null;
}

export type SipField = keyof SipSettings;
export type SipErrors = Partial<Record<SipField, string>>;
export const sipFields: readonly SipField[] = ['server', 'uri', 'password', 'displayName'];
export const emptySip: SipSettings = { server: '', uri: '', password: '', displayName: '' };

/** Adds `sip:` when a person types `alice@example.com`; trims spaces. */
export function normaliseSipSettings(input: SipSettings): SipSettings {
  const uri = input.uri.trim();
  return {
    server: input.server.trim(),
    uri: uri && !/^sips?:/i.test(uri) && uri.includes('@') ? `sip:${uri}` : uri,
    password: input.password,
    displayName: input.displayName.trim(),
  };
}

const serverWords = 'like wss://sip.example.com:8443/ws (or ws://127.0.0.1:8080 for a server on this computer)';

/**
 * The SIP account, checked field by field with messages a person can act on (and that never repeat the
 * password). `sip({...})` is asked last, so what passes here is what the line accepts.
 */
export function validateSipSettings(input: SipSettings): SipErrors {
  const { server, uri, password, displayName } = input;
  const errors: { -readonly [K in SipField]?: string } = {};
  if (!server) errors.server = `Enter your SIP server’s WebSocket address, ${serverWords}.`;
  else if (!/^wss?:\/\//i.test(server)) errors.server = `The server address starts with wss:// or ws://, ${serverWords}.`;
  else {
    let url: URL | null = null;
    try {
      url = new URL(server);
    } catch {}
    if (!url?.hostname) errors.server = `That server address cannot be read. Write it ${serverWords}.`;
    else if (
      typeof location !== 'undefined' &&
      location.protocol === 'https:' &&
      url.protocol === 'ws:' &&
      !['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname)
    )
      errors.server = 'This page is served over https, so the browser only connects to wss:// servers. Use the server’s wss:// address.';
  }
  if (!uri) errors.uri = 'Enter your SIP address, like sip:alice@example.com.';
  else if (!/^sips?:[^@\s]+@[^@\s]+$/i.test(uri)) errors.uri = 'A SIP address has a user and a domain, like sip:alice@example.com.';
  if (password.length > 256) errors.password = 'That password is too long (more than 256 characters).';
  else if (/[\u0000-\u001f\u007f]/.test(password)) errors.password = 'The password cannot contain line breaks or control characters.';
  if (displayName.length > 64) errors.displayName = 'Keep the display name under 64 characters.';
  else if (/["\\\u0000-\u001f\u007f]/.test(displayName))
    errors.displayName = 'The display name cannot contain quotes, backslashes or line breaks.';
  if (Object.keys(errors).length > 0) return errors;
  try {
    // Only checks the options: nothing connects before the phone does.
    sip(sipLineOptions(input));
  } catch (error) {
    const message = isHandsetError(error) ? error.message : '';
    const field = /sip\(\{ (\w+)/.exec(message)?.[1];
    if (field === 'server') errors.server = `The SIP line cannot use that server address. Write it ${serverWords}.`;
    else if (field === 'displayName') errors.displayName = 'The display name cannot contain quotes, backslashes or line breaks.';
    else if (field === 'password') errors.password = 'The SIP line cannot use that password.';
    else errors.uri = 'The SIP line cannot use that address. Write it like sip:alice@example.com (letters, digits, dots and dashes).';
  }
  return errors;
}

/** The options of `sip({...})` for these settings. */
export function sipLineOptions(settings: SipSettings) {
  return {
    server: settings.server,
    uri: settings.uri,
    ...(settings.password ? { password: settings.password } : {}),
    ...(settings.displayName ? { displayName: settings.displayName } : {}),
  };
}
