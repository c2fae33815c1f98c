import { HandsetError } from '@handset/core';
import { firstFrom, Waiters } from '@handset/core/testing';
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
  readonly #waiters = new Waiters();

  get entries(): readonly LoggedFrame[] {
    return this.#entries;
  }

  add(entry: LoggedFrame): void {
    this.#entries.push(entry);
    this.#waiters.changed();
  }

  /** The first logged frame (from `since` on) that matches, now or when it arrives within `timeout` ms. */
  waitFor(match: (entry: LoggedFrame) => boolean, options: { timeout?: number; since?: number } = {}): Promise<LoggedFrame> {
    const timeout = options.timeout ?? 15_000;
    return this.#waiters.waitFor(firstFrom(this.#entries, options.since ?? 0, match), timeout, () => {
      const tail = this.#entries.slice(-8).map((entry) => `${entry.direction} ${JSON.stringify(entry.frame).slice(0, 200)}`);
      return new HandsetError('invalid-state', `No matching frame within ${timeout} ms; last frames:\n${tail.join('\n')}`);
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
