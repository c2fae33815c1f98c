/**
 * One client socket, whatever carries it (Playwright's routeWebSocket, a `ws` server, a test pipe):
 * the stand-in only sends and receives text frames on it.
 */
export interface SignalConnection {
  send(text: string): void;
  /** Ends the socket from the server side; the SDK sees a close and reconnects with backoff. */
  close(code?: number): void;
  onMessage(listener: (text: string) => void): void;
  onClose(listener: () => void): void;
}
