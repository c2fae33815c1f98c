/** A key of the dialpad. */
export type DialpadKey = '1' | '2' | '3' | '4' | '5' | '6' | '7' | '8' | '9' | '*' | '0' | '#';

/** The keys in keypad order, each with the letters printed under it (`0` carries the `+` that holding it enters). */
export const dialpadKeys: readonly { readonly key: DialpadKey; readonly letters: string }[] =
  '1 2ABC 3DEF 4GHI 5JKL 6MNO 7PQRS 8TUV 9WXYZ * 0+ #'.split(' ').map((face) => ({ key: face[0] as DialpadKey, letters: face.slice(1) }));

/** Keeps what can be dialled: digits, `*`, `#`, and `+` only as the first character. */
export function dialable(text: string): string {
  const kept = text.replace(/[^\d*#+]/g, '');
  return kept.startsWith('+') ? `+${kept.slice(1).replace(/\+/g, '')}` : kept.replace(/\+/g, '');
}

/** Letters as the keypad has them (2 ABC … 9 WXYZ): `1-800-FLOWERS` → `18003569377`, then `dialable`. */
export function lettersToDigits(text: string): string {
  return dialable(
    text.replace(/[a-z]/gi, (letter) => dialpadKeys.find((k) => k.key !== '0' && k.letters.includes(letter.toUpperCase()))?.key ?? ''),
  );
}

/** Keeps what a name or SIP URI can hold (`echo`, `alice`, `sip:alice@example.com`): no spaces or quotes. */
export function nameable(text: string): string {
  return text.replace(/[^A-Za-z0-9@.:;=_~!$&'()*+,/?#%-]/g, '');
}
