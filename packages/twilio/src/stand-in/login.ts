import type { Payload } from './frames';
import type { Gateway, Socket } from './gateway';
import { checkToken } from './token';

/** `listen` carries the token, on connect and on `device.updateToken()`; `connected` tells the SDK its identity and the token's ttl. */
export function listen(gateway: Gateway, socket: Socket, payload: Payload): void {
  const verdict = checkToken(payload.token, gateway.options.signingKey);
  if (!verdict.ok) {
    gateway.send(socket, 'error', { error: { code: verdict.code, message: verdict.message } });
    return;
  }
  socket.identity = verdict.identity;
  gateway.send(socket, 'connected', {
    region: gateway.options.region,
    home: gateway.options.home,
    token: { identity: verdict.identity, ttl: Math.max(0, Math.floor((verdict.expiresAt - Date.now()) / 1000)) },
  });
}

/** `register` with `media.audio` true registers (answered `ready`), false unregisters (`offline`). */
export function register(gateway: Gateway, socket: Socket, payload: Payload): void {
  if (!socket.identity) {
    gateway.send(socket, 'error', { error: { code: 31204, message: 'JWT token is invalid: register before listen was accepted' } });
    return;
  }
  const media = payload.media as { audio?: unknown } | undefined;
  socket.registered = media?.audio === true;
  gateway.send(socket, socket.registered ? 'ready' : 'offline', {});
}
