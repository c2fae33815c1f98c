import { HandsetError } from '@handset/core';

/** Timings of the sandbox's exchange and virtual parties, in milliseconds. Tests shorten them. */
export interface SandboxTiming {
  /** How long `echo`, `ivr` and `drop` ring before answering. */
  readonly ringMs: number;
  /** How long `early` plays its ringback before answering. */
  readonly earlyMediaMs: number;
  /** How long `drop` talks before its connection goes. */
  readonly dropAfterMs: number;
  /** No inbound audio for this long, while the far side should be sending, means the connection is lost. */
  readonly stallMs: number;
  /** How long a lost call may try to reconnect (ICE restarts) before it ends with `network`. */
  readonly reconnectTimeoutMs: number;
  /** How often an unanswered ICE restart is tried again while reconnecting. */
  readonly restartEveryMs: number;
  /** How long to wait for another tab to answer for an extension before 404. */
  readonly lookupTimeoutMs: number;
  /** How long a registration waits for another tab to object to the name. */
  readonly claimMs: number;
}

export interface SandboxOptions {
  /** This tab's extension name (letters, digits, . _ -; up to 32), so other tabs can call it. Without one, the tab can only dial out. */
  readonly extension?: string;
  /** The name shown to the tabs this one calls. */
  readonly displayName?: string;
  /** The BroadcastChannel name; only tabs sharing it see each other. Default `handset-sandbox`. */
  readonly channel?: string;
  readonly timing?: Partial<SandboxTiming>;
  /**
   * Play each call's far side in an audio element of the line's own unless the call gives a
   * `remoteElement`. Default: only when the phone does not play remote audio itself (no media kit).
   */
  readonly playRemoteAudio?: boolean;
}

export const defaultTiming: SandboxTiming = {
  ringMs: 1200,
  earlyMediaMs: 3000,
  dropAfterMs: 4000,
  stallMs: 2000,
  reconnectTimeoutMs: 15_000,
  restartEveryMs: 3000,
  lookupTimeoutMs: 1000,
  claimMs: 250,
};

export interface ResolvedSandboxOptions {
  readonly extension: string | null;
  readonly displayName: string | undefined;
  readonly channel: string;
  readonly timing: SandboxTiming;
  readonly playRemoteAudio?: boolean;
}

const extensionName = /^[a-z0-9][a-z0-9._-]{0,31}$/i;

export function isExtensionName(value: string): boolean {
  return extensionName.test(value);
}

export function resolveOptions(options: SandboxOptions = {}): ResolvedSandboxOptions {
  const extension = options.extension?.trim();
  if (extension !== undefined && !isExtensionName(extension)) {
    throw new HandsetError(
      'invalid-option',
      `sandbox({ extension }) must be 1-32 letters, digits, dots, dashes or underscores; got ${JSON.stringify(options.extension)}.`,
    );
  }
  const timing = { ...defaultTiming, ...options.timing };
  for (const [key, value] of Object.entries(timing)) {
    if (!Number.isFinite(value) || value < 0 || value > 600_000) {
      throw new HandsetError('invalid-option', `sandbox timing.${key} must be from 0 to 600000 ms; got ${String(value)}.`);
    }
  }
  return {
    extension: extension ? extension.toLowerCase() : null,
    displayName: options.displayName,
    channel: options.channel ?? 'handset-sandbox',
    timing,
    ...(options.playRemoteAudio === undefined ? {} : { playRemoteAudio: options.playRemoteAudio }),
  };
}
