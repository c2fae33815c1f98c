import { drop, dropForever } from './drop';
import { early } from './early';
import { echo } from './echo';
import { ivr } from './ivr';
import { busy, decline, noanswer } from './rejecting';
import type { NumberScript } from './VirtualParty';

/** The sandbox's built-in numbers and what each does. */
export const builtInNumbers: Readonly<Record<string, NumberScript>> = Object.freeze({
  echo,
  ivr,
  busy,
  decline,
  noanswer,
  early,
  drop,
  'drop-forever': dropForever,
});

export function isBuiltInNumber(destination: string): boolean {
  return Object.hasOwn(builtInNumbers, destination.toLowerCase());
}
