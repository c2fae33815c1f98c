import { HandsetError } from '@handset/core';
import { type Check, FarWork, type SignalConnection, SignalWire, type SocketRecord } from '@handset/core/testing';
import { Account } from './account';
import type { StandInCall } from './calls';
import { FarParties } from './farParties';
import { ClientFrame, decodeFrame, encodeFrame, type Frame, type LoggedFrame, type Params, ServerFrame } from './frames';
import type { ResolvedOptions } from './options';

export interface Socket extends SocketRecord {
  /** Who logged in on it, if anyone. */
  username: string | null;
}

/** Handles one client frame (already logged). */
export type FrameHandler = (cloud: Cloud, socket: Socket, frame: LoggedFrame) => void;

/**
 * The stand-in's state and its wire, which every part of it works through: the client sockets, the frame log,
 * the account, the calls with the socket and far party of each, the waits, and far-party work (in turn).
 */
export class Cloud {
  readonly wire: SignalWire<Frame, Socket> = new SignalWire<Frame, Socket>({
    standIn: 'Voximplant stand-in',
    label: (frame) => [frame.name, frame.params],
    encode: (frame) => encodeFrame(frame.name, frame.params),
    receive: (socket, message) => this.receive(socket, message),
    closed: (socket) => this.closed(socket),
  });
  readonly farWork = new FarWork(() => this.changed());
  readonly farParties = new FarParties();
  readonly account: Account;
  readonly callsById = new Map<string, StandInCall>();
  /** Far-side holds that follow the answer to the SDK's next `ReInvite` (`holdFromFar(..., { behindOurReinvite })`). */
  readonly behindOurReinvite = new Map<string, { held: boolean; sent: () => void }>();
  /** Pings the SDK sent (one a second while connected). */
  pings = 0;
  readonly #callSockets = new Map<string, number>();

  constructor(
    readonly options: ResolvedOptions,
    private readonly handle: FrameHandler,
  ) {
    this.account = new Account(options.users, { accessSecs: options.accessSecs, refreshSecs: options.refreshSecs });
  }

  /** Serves one client socket; the cloud greets it with `__connectionSuccessful`. */
  attach(connection: SignalConnection): Socket {
    const socket = this.wire.attach(connection, () => ({ username: null }));
    this.send(socket, ServerFrame.connectionSuccessful, []);
    return socket;
  }

  call(id: string): StandInCall {
    const call = this.callsById.get(id);
    if (!call) throw new HandsetError('invalid-state', `Voximplant stand-in: no call ${id}.`);
    return call;
  }

  /** The call, if it rings (and goes `direction`); else an `invalid-state` error. */
  ringing(id: string, direction?: StandInCall['direction']): StandInCall {
    const call = this.call(id);
    if (call.state !== 'ringing' || (direction && call.direction !== direction)) {
      throw new HandsetError('invalid-state', `Voximplant stand-in: ${id} is not ${direction ? `an ${direction} call ` : ''}ringing.`);
    }
    return call;
  }

  newCall(id: string, direction: StandInCall['direction'], number: string, headers: Record<string, string>, socket: number): StandInCall {
    const call: StandInCall = {
      id,
      direction,
      state: 'ringing',
      endedBy: null,
      number,
      headers,
      answerHeaders: null,
      endHeaders: null,
      rejectedWithBusy: null,
      reinvites: 0,
      held: false,
      earlyMedia: false,
      heldByFar: false,
      transfer: null,
      frames: [],
      infos: [],
      digits: [],
      candidates: 0,
    };
    this.callsById.set(id, call);
    this.#callSockets.set(id, socket);
    this.changed();
    return call;
  }

  waitFor<T>(check: Check<T>, what: string, timeout: number): Promise<T> {
    return this.wire.waitFor(check, what, timeout);
  }

  end(call: StandInCall, state: StandInCall['state'], by: 'client' | 'stand-in'): void {
    this.wire.endCall(call, state, by);
    // A far party another live call still talks to (one far party for two calls) stays up.
    const far = this.farParties.release(call.id);
    if (far) void this.farWork.inTurn(() => far.close()).catch(() => undefined);
  }

  loggedInSocket(): Socket | undefined {
    return this.wire.sockets.latestOpen((socket) => socket.username !== null);
  }

  sendOnCall(call: StandInCall, name: string, params: Params): void {
    this.wire.sendOnCall(this.wire.sockets.byId(this.#callSockets.get(call.id) ?? 0), { name, params }, call.frames);
  }

  send(socket: Socket, name: string, params: Params): LoggedFrame {
    return this.wire.send(socket, { name, params });
  }

  /** A closed socket takes its calls with it, as the cloud drops a client's calls when its socket goes. */
  closed(socket: Socket): void {
    if (!this.wire.sockets.markClosed(socket)) return;
    socket.username = null;
    for (const call of this.callsById.values()) {
      if (this.#callSockets.get(call.id) === socket.id && (call.state === 'ringing' || call.state === 'connected'))
        this.end(call, 'failed', 'client');
    }
    this.changed();
  }

  /** Forgets waits and stops answering; the sockets' owner closes them. */
  close(): void {
    this.wire.close();
    for (const far of this.farParties.bridged()) void far.close().catch(() => undefined);
  }

  changed(): void {
    this.wire.changed();
  }

  private receive(socket: Socket, message: string): void {
    const frame = decodeFrame(message);
    if (!frame || !socket.open) return;
    if (frame.name === ClientFrame.ping) {
      this.pings += 1;
      socket.connection.send(encodeFrame(ServerFrame.pong, []));
      this.changed();
      return;
    }
    const logged = this.wire.received(socket, frame);
    this.handle(this, socket, logged);
    this.changed();
  }
}
