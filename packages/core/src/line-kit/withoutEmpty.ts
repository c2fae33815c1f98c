/**
 * The entries that say something: no `undefined`, `null` or `''`. SDKs spread the options they are given over their
 * defaults, where an `undefined` would erase a default; and ids an SDK leaves blank are no ids.
 */
export function withoutEmpty<T extends object>(record: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(record).filter(([, value]) => value !== undefined && value !== null && value !== ''),
  ) as Partial<T>;
}
