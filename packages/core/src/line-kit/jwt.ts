/**
 * When a JWT expires (its `exp`, ms since the epoch), or undefined for anything that is not a JWT with a numeric
 * `exp`. Only the shape is read: the signature is the provider's to check.
 */
export function jwtExpiry(token: unknown): number | undefined {
  const payload = typeof token === 'string' ? token.split('.') : [];
  try {
    const exp = payload.length === 3 && JSON.parse(atob((payload[1] as string).replace(/-/g, '+').replace(/_/g, '/'))).exp;
    return typeof exp === 'number' ? exp * 1000 : undefined;
  } catch {
    return undefined;
  }
}
