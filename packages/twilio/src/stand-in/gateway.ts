import { HandsetError } from '@handset/core';
import { FarWork, type SignalConnection, SignalWire, type SocketRecord } from '@handset/core/testing';
import type { StandInCall } from './calls';
import { decodeFrame, encodeFrame, type Frame, KEEP_ALIVE, type LoggedFrame, type Payload, text } from './frames';
import type { InsightsEvent, ResolvedOptions } from './options';
import { reconnectToken } from './sids';

export interface Socket extends SocketRecord {
  /** The token's identity once `listen` was accepted. */
  identity: string | null;
  registered: boolean;
  readonly keepAlive: ReturnType<typeof setInterval>;
}

/** Handles one client frame (already logged, and added to its call's frames when it names one). */
export type FrameHandler = (gateway: Gateway, socket: Socket, frame: LoggedFrame, call: StandInCall | undefined) => void;

/**
 * The stand-in's state and its wire, which every part of it works through: the client sockets with their
 * keep-alives, the frame log, the calls, the waits, and far-party work.
 */
export class Gateway {
  readonly wire: SignalWire<Frame, Socket> = new SignalWire<Frame, Socket>({
    standIn: 'Twilio stand-in',
    label: (frame) => [frame.type, frame.payload],
    encode: (frame) => encodeFrame(frame.type, frame.payload),
    receive: (socket, message) => this.receive(socket, message),
    closed: (socket) => this.closed(socket),
  });
  readonly insights: InsightsEvent[] = [];
  readonly farWork = new FarWork(() => this.changed());
  readonly callsBySid = new Map<string, StandInCall>();
  /** Keep-alives the SDK echoed. */
  keepAlivesEchoed = 0;

  constructor(
    readonly options: ResolvedOptions,
    private readonly handle: FrameHandler,
  ) {}

  attach(connection: SignalConnection): Socket {
    return this.wire.attach(connection, (id) => ({
      identity: null,
      registered: false,
      keepAlive: setInterval(() => this.sendKeepAlive(id), this.options.keepAliveMs),
    }));
  }

  call(callSid: string): StandInCall {
    const call = this.callsBySid.get(callSid);
    if (!call) throw new HandsetError('invalid-state', `Twilio stand-in: no call ${callSid}.`);
    return call;
  }

  newCall(
    callSid: string,
    direction: StandInCall['direction'],
    params: Record<string, string>,
    parameters: Record<string, string>,
    temporarySid: string | null,
    socket: number,
  ): StandInCall {
    const call: StandInCall = {
      callSid,
      direction,
      state: 'ringing',
      endedBy: null,
      params,
      parameters,
      temporarySid,
      reconnectToken: reconnectToken(),
      socket,
      reconnects: 0,
      iceRestarts: 0,
      recovered: false,
      clientFingerprint: null,
      frames: [],
      digits: [],
      messages: [],
    };
    this.callsBySid.set(callSid, call);
    this.changed();
    return call;
  }

  end(call: StandInCall, state: StandInCall['state'], by: 'client' | 'stand-in'): void {
    this.wire.endCall(call, state, by);
    void this.options.farParty?.close();
  }

  /** The registered socket to ring: the first whose identity `to` names (`client:alice`), else the newest. */
  socketFor(to: string | undefined): Socket | undefined {
    const registered = this.wire.sockets.all().filter((socket) => socket.open && socket.registered);
    const identity = to?.startsWith('client:') ? to.slice('client:'.length) : undefined;
    return (identity ? registered.find((socket) => socket.identity === identity) : undefined) ?? registered.at(-1);
  }

  /** The socket a call is bound to while it is open, else the newest open one. */
  socketById(id: number): Socket | undefined {
    const socket = this.wire.sockets.byId(id);
    return socket?.open ? socket : this.wire.sockets.latestOpen();
  }

  sendOnCall(call: StandInCall, type: string, payload: Payload): void {
    this.wire.sendOnCall(this.socketById(call.socket), { type, payload }, call.frames);
  }

  send(socket: Socket, type: string, payload: Payload): LoggedFrame {
    return this.wire.send(socket, { type, payload });
  }

  closed(socket: Socket): void {
    if (!this.wire.sockets.markClosed(socket)) return;
    socket.registered = false;
    clearInterval(socket.keepAlive);
    this.changed();
  }

  /** Stops keep-alives and forgets waits; the sockets' owner closes them. */
  close(): void {
    for (const socket of this.wire.sockets.all()) clearInterval(socket.keepAlive);
    this.wire.close();
  }

  changed(): void {
    this.wire.changed();
  }

  private receive(socket: Socket, message: string): void {
    if (message === KEEP_ALIVE) {
      this.keepAlivesEchoed += 1;
      return;
    }
    const frame = decodeFrame(message);
    if (!frame) return;
    const logged = this.wire.received(socket, frame);
    const callSid = text(frame.payload, 'callsid');
    const call = callSid ? (this.callsBySid.get(callSid) ?? this.callByTemporarySid(callSid)) : undefined;
    call?.frames.push(logged);
    this.handle(this, socket, logged, call);
    this.changed();
  }

  private callByTemporarySid(temporarySid: string): StandInCall | undefined {
    return [...this.callsBySid.values()].find((call) => call.temporarySid === temporarySid);
  }

  private sendKeepAlive(id: number): void {
    const socket = this.wire.sockets.byId(id);
    if (socket?.open) socket.connection.send(KEEP_ALIVE);
  }
}
