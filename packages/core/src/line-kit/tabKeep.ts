/**
 * What this tab keeps for a live call over a reload (sessionStorage: per tab, gone with it): `value` keeps,
 * `null` forgets, no value reads. Storage full, denied or garbled: nothing, and the caller does without.
 */
export function tabKeep<T>(key: string, value?: T | null): T | undefined {
  try {
    if (value) sessionStorage.setItem(key, JSON.stringify(value));
    else if (value === null) sessionStorage.removeItem(key);
    else return JSON.parse(sessionStorage.getItem(key) as string) ?? undefined;
  } catch {}
  return undefined;
}
