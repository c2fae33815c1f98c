import type { FarParty } from './farParty';

/**
 * The far parties a stand-in can connect calls to, and which call talks to which: each new call takes the first
 * one free, so calls can be up side by side; a transfer takes two out of the pool, joined to each other.
 */
export class FarParties {
  readonly #all: FarParty[] = [];
  readonly #byCall = new Map<string, FarParty>();
  readonly #bridged = new Set<FarParty>();

  add(farParty: FarParty): void {
    this.#all.push(farParty);
  }

  of(callId: string): FarParty | undefined {
    return this.#byCall.get(callId);
  }

  /** The far party for a new call: the first one free, else the first (which the new call then takes over). */
  take(callId: string): FarParty | undefined {
    const taken = new Set(this.#byCall.values());
    const far = this.#all.find((candidate) => !taken.has(candidate) && !this.#bridged.has(candidate)) ?? this.#all[0];
    if (far) this.#byCall.set(callId, far);
    return far;
  }

  /** The call lets go of its far party; returns it when no other live call still talks to it (it may close). */
  release(callId: string): FarParty | undefined {
    const far = this.#byCall.get(callId);
    this.#byCall.delete(callId);
    return far && ![...this.#byCall.values()].includes(far) ? far : undefined;
  }

  /** Two far parties leave their calls to talk to each other (ending those calls must not close them). */
  bridge(callId: string, targetId: string, from: FarParty, to: FarParty): void {
    this.#byCall.delete(callId);
    this.#byCall.delete(targetId);
    this.#bridged.add(from).add(to);
  }

  /** The far parties a transfer joined: the stand-in closes them when it closes. */
  bridged(): readonly FarParty[] {
    return [...this.#bridged];
  }
}
