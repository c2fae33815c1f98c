import type { SandboxMessage } from './messages';

/** One end of a dialog's signalling path. */
export interface Port {
  send(message: SandboxMessage): void;
  /** Sets the receiver; messages are always delivered asynchronously, as from a network. */
  onMessage(handler: (message: SandboxMessage) => void): void;
  /** Called once when the other end goes away (a virtual party torn down, a tab closed). */
  onClose(handler: () => void): void;
  /** Stops delivery both ways and tells the other end. Idempotent. */
  close(): void;
}

/** An in-page port; its twin is the other end. */
class LocalPort implements Port {
  twin!: LocalPort;
  #handler: ((message: SandboxMessage) => void) | null = null;
  #closeHandler: (() => void) | null = null;
  #open = true;

  send(message: SandboxMessage): void {
    if (!this.#open) return;
    // A macrotask, so that no handler ever runs inside the sender's call stack.
    setTimeout(() => this.twin.#deliver(message), 0);
  }
  onMessage(handler: (message: SandboxMessage) => void): void {
    this.#handler = handler;
  }
  onClose(handler: () => void): void {
    this.#closeHandler = handler;
  }
  close(): void {
    if (!this.#shut()) return;
    setTimeout(() => {
      const notify = this.twin.#closeHandler;
      if (this.twin.#shut()) notify?.();
    }, 0);
  }
  #deliver(message: SandboxMessage): void {
    if (this.#open) this.#handler?.(message);
  }
  #shut(): boolean {
    if (!this.#open) return false;
    this.#open = false;
    this.#handler = null;
    this.#closeHandler = null;
    return true;
  }
}

/** Two connected ports for a dialog inside one page (the phone and a virtual party). */
export function portPair(): [Port, Port] {
  const a = new LocalPort();
  const b = new LocalPort();
  a.twin = b;
  b.twin = a;
  return [a, b];
}
