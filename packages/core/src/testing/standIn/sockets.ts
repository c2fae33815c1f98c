import type { SignalConnection } from './connection';

/** What a stand-in knows of every client socket; each stand-in adds its own fields (identity, login…). */
export interface SocketRecord {
  /** 1, 2, … in the order the sockets were attached: a reconnect is a new id. */
  readonly id: number;
  readonly connection: SignalConnection;
  open: boolean;
}

export interface SocketHandlers<S extends SocketRecord> {
  message(socket: S, text: string): void;
  /** The client closed the socket (not called for a socket already marked closed by the stand-in). */
  close(socket: S): void;
}

/** The client sockets a stand-in serves, in the order they were attached, open or not. */
export class Sockets<S extends SocketRecord> {
  readonly #all: S[] = [];
  #nextId = 1;

  constructor(private readonly handlers: SocketHandlers<S>) {}

  /** Serves one connection: its record, with `fields` added, hears its messages and its close. */
  attach(connection: SignalConnection, fields: (id: number) => Omit<S, keyof SocketRecord>): S {
    const id = this.#nextId++;
    const socket = { ...fields(id), id, connection, open: true } as S;
    this.#all.push(socket);
    connection.onMessage((text) => this.handlers.message(socket, text));
    connection.onClose(() => this.handlers.close(socket));
    return socket;
  }

  /** How many sockets were ever attached. */
  get count(): number {
    return this.#all.length;
  }

  all(): readonly S[] {
    return this.#all;
  }

  byId(id: number): S | undefined {
    return this.#all.find((socket) => socket.id === id);
  }

  /** The newest open socket that passes `filter`, if any. */
  latestOpen(filter: (socket: S) => boolean = () => true): S | undefined {
    return this.#all.filter((socket) => socket.open && filter(socket)).at(-1);
  }

  /** Marks a socket closed; false when it already was (a close is handled once). */
  markClosed(socket: S): boolean {
    if (!socket.open) return false;
    socket.open = false;
    return true;
  }

  /** Marks every socket closed (their owner closes the connections). */
  closeAll(): void {
    for (const socket of this.#all) socket.open = false;
  }
}
