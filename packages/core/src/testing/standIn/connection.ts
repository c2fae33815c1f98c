/**
 * One client socket, whatever carries it (Playwright's routeWebSocket, a `ws` server, a test pipe):
 * a stand-in only sends and receives text frames on it.
 */
export interface SignalConnection {
  send(text: string): void;
  /** Ends the socket from the server side; the SDK sees a close and reconnects with backoff. */
  close(code?: number): void;
  onMessage(listener: (text: string) => void): void;
  onClose(listener: () => void): void;
}

/**
 * The part of Playwright's `WebSocketRoute` a stand-in uses, described here so that this module needs no
 * Playwright (a stand-in's own `routeX()` passes the real route).
 */
export interface RoutedWebSocket {
  send(message: string): void;
  close(options?: { code?: number }): Promise<void>;
  onMessage(handler: (message: string | { toString(encoding: 'utf8'): string }) => unknown): void;
  onClose(handler: (code: number | undefined, reason: string | undefined) => unknown): void;
}

/** A WebSocket routed by Playwright as a stand-in's connection: no TLS, nothing leaves the browser. */
export function routedConnection(route: RoutedWebSocket): SignalConnection {
  return {
    send: (text) => route.send(text),
    close: (code) => void route.close(code === undefined ? undefined : { code }).catch(() => undefined),
    onMessage: (listener) => route.onMessage((message) => listener(typeof message === 'string' ? message : message.toString('utf8'))),
    onClose: (listener) => route.onClose(() => listener()),
  };
}
