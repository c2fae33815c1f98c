import { HandsetError } from '@handset/core';
import { Waiters } from '@handset/core/testing';
import type { WebSocket } from 'ws';
import type { RecordedInvite, StandInCall, StandInCallState } from './calls';
import type { FarParty } from './farParty';
import { FrameLog } from './frameLog';
import { type RpcFrame, request } from './protocol';
import type { LoginRecord, TelnyxStandInOptions } from './signalling';

/** A logged-in identity: its calls outlive its socket for a while, so that it can log in again and get them back. */
export interface Session {
  readonly sessid: string;
  readonly login: string;
  client: Client | null;
  expiry: NodeJS.Timeout | null;
  /** Calls to re-attach once the client has asked for its gateway state. */
  pendingAttach: string[];
}

/** One WebSocket connection from the SDK. */
export interface Client {
  readonly socket: WebSocket;
  readonly connection: number;
  session: Session | null;
  readonly acks: Map<string | number, () => void>;
}

const standInUser = { login: 'handset', password: 'handset' };

/**
 * The stand-in's state and its wire, which every part of it works through: sessions, clients, calls, the frame
 * log, requests to the client with their acknowledgements, and the waits for a call's state.
 */
export class Switchboard {
  readonly log = new FrameLog();
  readonly sessions = new Map<string, Session>();
  readonly clients = new Set<Client>();
  readonly calls = new Map<string, StandInCall>();
  readonly invites: RecordedInvite[] = [];
  readonly logins: LoginRecord[] = [];
  readonly connectionUrls: string[] = [];
  readonly callWaiters = new Waiters();
  connections = 0;
  readonly users: readonly { readonly login: string; readonly password: string }[];
  readonly tokens: Readonly<Record<string, string>>;
  readonly reattachWindowMs: number;

  constructor(
    readonly options: TelnyxStandInOptions,
    /** One b2bua instance: the SDK keeps this id in sessionStorage and only asks to reconnect when it has one. */
    readonly voiceSdkId: string,
  ) {
    this.users = options.users ?? [standInUser];
    this.tokens = options.tokens ?? {};
    this.reattachWindowMs = options.reattachWindowMs ?? 60_000;
  }

  changed(): void {
    this.callWaiters.changed();
  }

  setState(call: StandInCall, state: StandInCallState): void {
    call.state = state;
    this.changed();
  }

  send(client: Client, frame: RpcFrame): void {
    if (client.socket.readyState !== client.socket.OPEN) return;
    this.log.add({ direction: 'out', connection: client.connection, at: Date.now(), frame });
    client.socket.send(JSON.stringify(frame));
  }

  /** Sends a request to the client and waits (bounded) for its acknowledgement `{ result: { method } }`. */
  ask(client: Client, method: string, params: Record<string, unknown>): Promise<void> {
    const frame = request(method, params, this.voiceSdkId);
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        client.acks.delete(frame.id);
        reject(new HandsetError('invalid-state', `The client did not acknowledge ${method} within 10 s.`));
      }, 10_000);
      client.acks.set(frame.id, () => {
        clearTimeout(timer);
        resolve();
      });
      this.send(client, frame);
    });
  }

  clientOf(call: StandInCall): Client {
    const client = this.sessions.get(call.sessid)?.client;
    if (!client) throw new HandsetError('not-connected', `The client of call ${call.callId} is not connected.`);
    return client;
  }

  async farPartyOf(call: StandInCall): Promise<FarParty> {
    if (call.farParty) return call.farParty;
    if (!this.options.farParty)
      throw new HandsetError('invalid-option', 'The stand-in has no farParty factory, so calls cannot get media.');
    call.farParty = await this.options.farParty();
    return call.farParty;
  }

  end(call: StandInCall, record: NonNullable<StandInCall['hangup']>): void {
    if (call.state === 'ended') return;
    call.hangup = record;
    this.setState(call, 'ended');
    void call.farParty?.close().catch(() => undefined);
  }

  findCall(callId: string): StandInCall {
    const call = this.calls.get(callId);
    if (!call) throw new HandsetError('invalid-option', `The stand-in has no call ${JSON.stringify(callId)}.`);
    return call;
  }

  /** Resolves with the call once it reaches `state`. */
  waitForCallState(callId: string, state: StandInCallState, timeout: number): Promise<StandInCall> {
    return this.callWaiters.waitFor(
      () => {
        const call = this.calls.get(callId);
        return call?.state === state ? call : undefined;
      },
      timeout,
      () =>
        new HandsetError(
          'invalid-state',
          `Call ${callId} did not reach ${state} within ${timeout} ms (it is ${this.calls.get(callId)?.state ?? 'unknown'}).`,
        ),
    );
  }
}
