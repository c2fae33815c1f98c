import { HandsetError, type LineEnvironment } from '@handset/core';
import { type LogLevel, type Session, SIPExtension, UserAgent, type UserAgentDelegate } from 'sip.js';
import type { ResolvedSipOptions } from './options';
import { type CallMediaPlan, createSessionDescriptionHandlerFactory } from './session/media';
import { RotatingTransport, type RotatingTransportOptions } from './sipjs/rotatingTransport';

export interface UserAgentHooks {
  readonly env: () => LineEnvironment | null;
  /** The media a session's call asked for (set before SIP.js makes its session description handler). */
  readonly plan: (session: Session) => CallMediaPlan | undefined;
  readonly delegate: UserAgentDelegate;
}

/**
 * SIP.js's UserAgent for the line's options: the servers rotated on each reconnection, the credentials,
 * Replaces supported, SIP.js's log (redacted) only when the app asked for it, and the calls' media
 * made by `createSessionDescriptionHandlerFactory`. Throws `invalid-option` for a URI that is not SIP.
 */
export function createUserAgent(options: ResolvedSipOptions, hooks: UserAgentHooks): UserAgent {
  const uri = UserAgent.makeURI(options.uri);
  if (!uri) throw new HandsetError('invalid-option', 'sip({ uri }): not a SIP URI such as sip:alice@example.com.');
  const log = options.log;
  return new UserAgent({
    uri,
    // With several servers, each reconnection goes to the next one (Registration calls next()).
    transportConstructor: RotatingTransport,
    transportOptions: { servers: options.servers, connectionTimeout: 5 } satisfies RotatingTransportOptions,
    authorizationUsername: options.authorizationUsername,
    ...(options.password !== undefined ? { authorizationPassword: options.password } : {}),
    ...(options.displayName !== undefined ? { displayName: options.displayName } : {}),
    userAgentString: options.userAgentString,
    logBuiltinEnabled: false,
    logConfiguration: false,
    logLevel: (log ? 'debug' : 'error') as LogLevel,
    logConnector: (level, category, _label, content) => log?.(level, category, redact(content)),
    sipExtensionReplaces: SIPExtension.Supported,
    sessionDescriptionHandlerFactory: createSessionDescriptionHandlerFactory({
      env: hooks.env,
      plan: hooks.plan,
      defaultIceServers: options.iceServers,
      iceGatheringTimeoutMs: options.iceGatheringTimeoutMs,
    }),
    delegate: hooks.delegate,
  });
}

/** SIP.js logs whole messages at debug level: digest answers are cut out. */
function redact(content: string): string {
  return content.replace(/^((?:Proxy-)?Authorization:).*$/gim, '$1 [redacted]');
}
