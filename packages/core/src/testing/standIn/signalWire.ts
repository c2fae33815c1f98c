import type { SignalConnection } from './connection';
import { type FrameLabel, type FrameRecord, FrameRecords } from './frameRecords';
import { type SocketRecord, Sockets } from './sockets';
import { type Check, Waiters } from './waiters';

export interface SignalWireOptions<F extends object, S extends SocketRecord> {
  /** Names the stand-in in failure messages: `Twilio stand-in`. */
  readonly standIn: string;
  /** A frame's name and body, for the frame log's description. */
  readonly label: FrameLabel<F>;
  /** A frame as text on the socket. */
  readonly encode: (frame: F) => string;
  /** A text frame from the client. */
  readonly receive: (socket: S, text: string) => void;
  /** The client closed its socket. */
  readonly closed: (socket: S) => void;
}

/**
 * A stand-in's wire: its client sockets, the log of every frame both ways, and the waits that look at them.
 * Sending logs the frame, writes it while the socket is open and wakes the waits.
 */
export class SignalWire<F extends object, S extends SocketRecord> {
  readonly frames: FrameRecords<F>;
  readonly sockets: Sockets<S>;
  readonly waiters = new Waiters();

  constructor(private readonly options: SignalWireOptions<F, S>) {
    this.frames = new FrameRecords(options.label);
    this.sockets = new Sockets<S>({ message: options.receive, close: options.closed });
  }

  attach(connection: SignalConnection, fields: (id: number) => Omit<S, keyof SocketRecord>): S {
    return this.sockets.attach(connection, fields);
  }

  send(socket: S, frame: F): F & FrameRecord {
    const logged = this.frames.record(frame, 'out', socket.id);
    if (socket.open) socket.connection.send(this.options.encode(frame));
    this.changed();
    return logged;
  }

  /** Sends a frame of a call on the socket the call is bound to, if any, and adds it to the call's own frames. */
  sendOnCall(socket: S | undefined, frame: F, callFrames: (F & FrameRecord)[]): void {
    if (socket) callFrames.push(this.send(socket, frame));
  }

  /** Logs a frame the client sent (the caller handles it, then calls `changed()`). */
  received(socket: S, frame: F): F & FrameRecord {
    return this.frames.record(frame, 'in', socket.id);
  }

  /**
   * Resolves with the first truthy value of `check`, evaluated now and after every frame or state
   * change; rejects after `timeout` ms with `what` and the frame log.
   */
  waitFor<T>(check: Check<T>, what: string, timeout: number): Promise<T> {
    return this.waiters.waitFor(
      check,
      timeout,
      () => new Error(`${this.options.standIn} waited ${timeout} ms for ${what}; frames:\n${this.frames.describe()}`),
    );
  }

  /** Sets a call's state and wakes the waits. */
  setState<C extends { state: unknown }>(call: C, state: C['state']): void {
    call.state = state;
    this.changed();
  }

  /** A call is over: its final state and who ended it. */
  endCall<C extends { state: unknown; endedBy: 'client' | 'stand-in' | null }>(
    call: C,
    state: C['state'],
    by: 'client' | 'stand-in',
  ): void {
    call.endedBy = by;
    this.setState(call, state);
  }

  /** Wakes the waits: after each frame or change of state. */
  changed(): void {
    this.waiters.changed();
  }

  /** Marks every socket closed and forgets the waits; the sockets' owner closes the connections. */
  close(): void {
    this.sockets.closeAll();
    this.waiters.clear();
  }
}
