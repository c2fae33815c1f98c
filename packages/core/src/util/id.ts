let counter = 0;

/** A unique id: crypto.randomUUID where the browser offers it (secure contexts), a counter-based one elsewhere. */
export function newId(): string {
  const uuid = globalThis.crypto?.randomUUID?.();
  return uuid ?? `call-${Date.now().toString(36)}-${(++counter).toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}
