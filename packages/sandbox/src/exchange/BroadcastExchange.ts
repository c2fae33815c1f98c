import { HandsetError } from '@handset/core';
import type { SandboxMessage } from '../signalling/messages';
import type { Port } from '../signalling/Port';

type InviteMessage = Extract<SandboxMessage, { t: 'invite' }>;

/** What travels on the BroadcastChannel between tabs of one origin. */
type Envelope =
  /** "I am taking this name": any tab holding it objects. */
  | { readonly k: 'claim'; readonly ext: string; readonly tab: string; readonly at: number }
  | { readonly k: 'taken'; readonly ext: string; readonly tab: string }
  /** A dialog message, addressed by extension until the other tab is known, then by tab. */
  | {
      readonly k: 'dialog';
      readonly toExt: string;
      readonly toTab: string | null;
      readonly fromTab: string;
      readonly msg: SandboxMessage;
    };

interface Dialog {
  readonly port: ExchangePort;
  readonly remoteExt: string;
  remoteTab: string | null;
}

/**
 * Tab-to-tab signalling over a BroadcastChannel: extension registration (first come, first
 * served, with a short window in which the current holder objects) and per-dialog routing.
 * Media never passes through here: the tabs connect peer to peer.
 */
export class BroadcastExchange {
  readonly tabId = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
  #channel: BroadcastChannel;
  #claimMs: number;
  #held: string | null = null;
  #claim: { ext: string; at: number; settle(error?: HandsetError): void } | null = null;
  #dialogs = new Map<string, Dialog>();
  #onInvite: (invite: InviteMessage, port: Port) => void;

  constructor(channelName: string, claimMs: number, onInvite: (invite: InviteMessage, port: Port) => void) {
    this.#channel = new BroadcastChannel(channelName);
    this.#claimMs = claimMs;
    this.#onInvite = onInvite;
    this.#channel.onmessage = (event: MessageEvent<Envelope>) => this.#receive(event.data);
  }

  get extension(): string | null {
    return this.#held;
  }

  /** Takes an extension name unless another open tab holds it (`registration-conflict`). */
  register(ext: string): Promise<void> {
    if (this.#held === ext) return Promise.resolve();
    this.release();
    return new Promise<void>((resolve, reject) => {
      const at = Date.now();
      const timer = setTimeout(() => settle(), this.#claimMs);
      const settle = (error?: HandsetError): void => {
        clearTimeout(timer);
        if (this.#claim?.ext !== ext) return;
        this.#claim = null;
        if (error) {
          reject(error);
          return;
        }
        this.#held = ext;
        resolve();
      };
      this.#claim = { ext, at, settle };
      this.#post({ k: 'claim', ext, tab: this.tabId, at });
    });
  }

  /** Gives the name up; other tabs may take it from now on. */
  release(): void {
    this.#held = null;
    this.#claim?.settle(new HandsetError('registration-failed', 'The registration was withdrawn.'));
  }

  /** A dialog with whoever holds `ext`. */
  openDialog(callId: string, ext: string): Port {
    const port = new ExchangePort(this, callId);
    this.#dialogs.set(callId, { port, remoteExt: ext, remoteTab: null });
    return port;
  }

  close(): void {
    this.release();
    for (const dialog of [...this.#dialogs.values()]) dialog.port.close();
    this.#channel.onmessage = null;
    this.#channel.close();
  }

  /** @internal */
  sendDialog(callId: string, msg: SandboxMessage): void {
    const dialog = this.#dialogs.get(callId);
    if (dialog) this.#post({ k: 'dialog', toExt: dialog.remoteExt, toTab: dialog.remoteTab, fromTab: this.tabId, msg });
  }

  /** @internal */
  forget(callId: string): void {
    this.#dialogs.delete(callId);
  }

  #post(envelope: Envelope): void {
    this.#channel.postMessage(envelope);
  }

  #receive(envelope: Envelope): void {
    switch (envelope.k) {
      case 'claim':
        if (envelope.ext === this.#held) this.#post({ k: 'taken', ext: envelope.ext, tab: this.tabId });
        else if (this.#claim?.ext === envelope.ext) {
          // Two tabs claiming at once: the earlier claim (then the smaller tab id) wins. The winner
          // repeats its claim, since the other tab's channel may not have existed when it first sent it.
          const theirsFirst = envelope.at < this.#claim.at || (envelope.at === this.#claim.at && envelope.tab < this.tabId);
          if (theirsFirst) this.#claim.settle(conflict(envelope.ext));
          else this.#post({ k: 'claim', ext: envelope.ext, tab: this.tabId, at: this.#claim.at });
        }
        return;
      case 'taken':
        if (this.#claim?.ext === envelope.ext) this.#claim.settle(conflict(envelope.ext));
        return;
      case 'dialog':
        this.#dialogMessage(envelope);
        return;
    }
  }

  #dialogMessage(envelope: Extract<Envelope, { k: 'dialog' }>): void {
    const { msg } = envelope;
    const mine = envelope.toTab === this.tabId || (envelope.toTab === null && envelope.toExt === this.#held && this.#held !== null);
    if (!mine) return;
    const dialog = this.#dialogs.get(msg.callId);
    if (dialog) {
      dialog.remoteTab ??= envelope.fromTab;
      if (dialog.remoteTab === envelope.fromTab) dialog.port.deliver(msg);
      return;
    }
    if (msg.t !== 'invite') return; // late messages of a dialog that has ended here
    const port = new ExchangePort(this, msg.callId);
    this.#dialogs.set(msg.callId, { port, remoteExt: msg.from, remoteTab: envelope.fromTab });
    this.#onInvite(msg, port);
  }
}

function conflict(ext: string): HandsetError {
  return new HandsetError(
    'registration-conflict',
    `The extension "${ext}" is already registered in another open tab; choose another name or close that tab.`,
  );
}

/** A dialog's end of the exchange. */
class ExchangePort implements Port {
  #exchange: BroadcastExchange;
  #callId: string;
  #handler: ((message: SandboxMessage) => void) | null = null;
  #open = true;

  constructor(exchange: BroadcastExchange, callId: string) {
    this.#exchange = exchange;
    this.#callId = callId;
  }
  send(message: SandboxMessage): void {
    if (this.#open) this.#exchange.sendDialog(this.#callId, message);
  }
  onMessage(handler: (message: SandboxMessage) => void): void {
    this.#handler = handler;
  }
  onClose(): void {
    // Tabs say goodbye with BYE/CANCEL (also on pagehide); a crashed tab shows up as lost media.
  }
  deliver(message: SandboxMessage): void {
    if (this.#open) this.#handler?.(message);
  }
  close(): void {
    if (!this.#open) return;
    this.#open = false;
    this.#handler = null;
    this.#exchange.forget(this.#callId);
  }
}
