import { HandsetError } from '@handset/core';
import type { RpcFrame } from './protocol';

export interface LoggedFrame {
  /** 'in': sent by the client (the SDK); 'out': sent by the stand-in. */
  readonly direction: 'in' | 'out';
  /** Which WebSocket connection (1, 2, … in order of arrival): a reconnection is a new number. */
  readonly connection: number;
  readonly at: number;
  readonly frame: RpcFrame;
}

/** Every JSON-RPC frame in order, with a wait for a frame that has arrived or is yet to arrive. */
export class FrameLog {
  readonly #entries: LoggedFrame[] = [];
  readonly #waiters = new Set<{ match: (entry: LoggedFrame) => boolean; resolve: (entry: LoggedFrame) => void }>();

  get entries(): readonly LoggedFrame[] {
    return this.#entries;
  }

  add(entry: LoggedFrame): void {
    this.#entries.push(entry);
    for (const waiter of this.#waiters) {
      if (waiter.match(entry)) {
        this.#waiters.delete(waiter);
        waiter.resolve(entry);
      }
    }
  }

  /** The first logged frame (from `since` on) that matches, now or when it arrives within `timeout` ms. */
  waitFor(match: (entry: LoggedFrame) => boolean, options: { timeout?: number; since?: number } = {}): Promise<LoggedFrame> {
    const since = options.since ?? 0;
    const found = this.#entries.slice(since).find(match);
    if (found) return Promise.resolve(found);
    const timeout = options.timeout ?? 15_000;
    return new Promise((resolve, reject) => {
      const waiter = {
        match,
        resolve: (entry: LoggedFrame) => {
          clearTimeout(timer);
          resolve(entry);
        },
      };
      const timer = setTimeout(() => {
        this.#waiters.delete(waiter);
        const tail = this.#entries.slice(-8).map((entry) => `${entry.direction} ${JSON.stringify(entry.frame).slice(0, 200)}`);
        reject(new HandsetError('invalid-state', `No matching frame within ${timeout} ms; last frames:\n${tail.join('\n')}`));
      }, timeout);
      this.#waiters.add(waiter);
    });
  }
}

/** A match for `waitFor`: a frame the client sent with this method (and, optionally, for this call). */
export function clientRequest(method: string, callId?: string): (entry: LoggedFrame) => boolean {
  return (entry) => {
    if (entry.direction !== 'in') return false;
    const frame = entry.frame as { method?: string; params?: { dialogParams?: { callID?: string } } };
    return frame.method === method && (callId === undefined || frame.params?.dialogParams?.callID === callId);
  };
}
