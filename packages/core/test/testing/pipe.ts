import type { RoutedWebSocket, SignalConnection } from '../../src/testing/standIn';

/** Both ends of an in-memory socket: the stand-in's connection, and what the client side saw and does. */
export function pipe() {
  const sent: string[] = [];
  const closes: (number | undefined)[] = [];
  let onMessage: (text: string) => void = () => undefined;
  let onClose: () => void = () => undefined;
  const connection: SignalConnection = {
    send: (text) => sent.push(text),
    close: (code) => closes.push(code),
    onMessage: (listener) => {
      onMessage = listener;
    },
    onClose: (listener) => {
      onClose = listener;
    },
  };
  return { connection, sent, closes, clientSends: (text: string) => onMessage(text), clientCloses: () => onClose() };
}

/** A Playwright-shaped routed WebSocket that records what the stand-in did with it. */
export function routedPipe() {
  const sent: string[] = [];
  const closed: ({ code?: number } | undefined)[] = [];
  let onMessage: (message: string | Buffer) => unknown = () => undefined;
  let onClose: (code: number | undefined, reason: string | undefined) => unknown = () => undefined;
  const route: RoutedWebSocket = {
    send: (message) => sent.push(message),
    close: async (options) => {
      closed.push(options);
    },
    onMessage: (handler) => {
      onMessage = handler;
    },
    onClose: (handler) => {
      onClose = handler;
    },
  };
  return { route, sent, closed, message: (message: string | Buffer) => onMessage(message), close: () => onClose(1000, undefined) };
}
