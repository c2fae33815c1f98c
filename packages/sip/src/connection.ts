import type { UserAgent } from 'sip.js';
import { KeepAlive } from './keepAlive';
import type { ResolvedSipOptions } from './options';
import { Registration, type RegistrationSink } from './registration';

/** The line's registration and what keeps it alive. */
export interface Connection {
  readonly register: () => void;
  readonly unregister: () => void;
  /** The WebSocket died: reconnect (with backoff). */
  readonly transportLost: () => void;
  readonly dispose: () => void;
}

/**
 * Registers `ua` and keeps it registered: while registered a keep-alive OPTIONS finds a half-open socket
 * (the socket looks open but nothing comes back: it is dropped and the line reconnects), and back from
 * sleep or a network change the socket is checked at once and a reconnection waiting out its backoff goes now.
 */
export function keepRegistered(ua: UserAgent, options: ResolvedSipOptions, report: RegistrationSink): Connection {
  const keepAlive = new KeepAlive(ua, `sip:${options.domain}`, options.keepAliveSecs * 1000, () => {
    registration.transportLost();
    ua.transport.disconnect().catch(() => {});
  });
  const registration = new Registration(ua, options, (state, error) => {
    if (state === 'registered') keepAlive.start();
    if (state === 'failed' || state === 'unregistered') keepAlive.stop();
    report(state, error);
  });
  const wake = () => {
    if (globalThis.document?.visibilityState === 'hidden') return;
    keepAlive.probe();
    registration.wake();
  };
  globalThis.addEventListener?.('online', wake);
  globalThis.document?.addEventListener('visibilitychange', wake);
  return {
    register: () => registration.start(),
    unregister: () => {
      keepAlive.stop();
      registration.stop();
    },
    transportLost: () => registration.transportLost(),
    dispose: () => {
      globalThis.removeEventListener?.('online', wake);
      globalThis.document?.removeEventListener('visibilitychange', wake);
      keepAlive.stop();
      registration.dispose();
    },
  };
}
