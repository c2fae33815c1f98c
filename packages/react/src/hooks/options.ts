import type { Phone } from '@handset/core';

/**
 * The last argument of every hook: `useX(target?, { phone })`. Without `phone`, the nearest
 * `PhoneProvider`'s (as LiveKit's `useX(ref?, { room })` falls back to its `RoomContext`).
 */
export interface PhoneHookOptions {
  readonly phone?: Phone | null;
}
