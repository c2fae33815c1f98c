import { HandsetError } from '../errors/HandsetError';
import { integerIn } from '../options/validateCallOptions';
import type { DtmfTone } from './types';

/** One step of a DTMF string: a tone to send, or a pause to wait. */
export type DtmfStep = { readonly tone: DtmfTone } | { readonly pauseMs: number };

export interface DtmfTiming {
  /** How long each tone lasts, 40..2000 ms. Default 100 (RFC 4733 senders use 40-200). */
  readonly toneMs: number;
  /** Silence between tones, 30..2000 ms. Default 70. */
  readonly gapMs: number;
}

export const defaultDtmfTiming: DtmfTiming = { toneMs: 100, gapMs: 70 };

/** Pauses: `w` 500 ms (Twilio), `p` 500 ms (Voximplant's pause), `,` 2 s (the dialler convention). */
const pauses: Readonly<Record<string, number>> = { w: 500, p: 500, ',': 2000 };
const tones = new Set<string>('0123456789*#ABCD');

/** Parses a DTMF string into steps, or throws `invalid-dtmf` naming the first bad character. */
export function parseDtmf(digits: string): DtmfStep[] {
  if (typeof digits !== 'string' || digits.length === 0) {
    throw new HandsetError('invalid-dtmf', 'sendDigits() needs a non-empty string of 0-9 * # A-D w p ,');
  }
  const steps: DtmfStep[] = [];
  for (let i = 0; i < digits.length; i++) {
    const char = digits[i] as string;
    const upper = char.toUpperCase();
    if (tones.has(upper)) steps.push({ tone: upper as DtmfTone });
    else if (char in pauses) steps.push({ pauseMs: pauses[char] as number });
    else {
      const shown = JSON.stringify(char);
      throw new HandsetError(
        'invalid-dtmf',
        `DTMF character ${shown} at position ${i + 1} cannot be sent; use 0-9 * # A-D, or w p , to pause.`,
      );
    }
  }
  return steps;
}

export function validateDtmfTiming(timing: Partial<DtmfTiming> | undefined): DtmfTiming {
  const result = { ...defaultDtmfTiming, ...timing };
  integerIn(40, 2000)(result.toneMs, 'dtmf.toneMs');
  integerIn(30, 2000)(result.gapMs, 'dtmf.gapMs');
  return result;
}

/**
 * Sends DTMF steps one at a time with their timing. Calls to `enqueue` while a sequence
 * runs append to it, so digits always leave in the order they were given.
 */
export class DtmfSequencer {
  #queue: DtmfStep[] = [];
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly timing: DtmfTiming,
    private readonly send: (tone: DtmfTone, durationMs: number) => void,
  ) {}

  get pending(): number {
    return this.#queue.length;
  }

  enqueue(steps: readonly DtmfStep[]): void {
    this.#queue.push(...steps);
    if (this.#timer === undefined) this.#next();
  }

  /** Drops everything not yet sent (a hangup cancels the rest of the string). */
  cancel(): void {
    this.#queue.length = 0;
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #next(): void {
    const step = this.#queue.shift();
    if (!step) {
      this.#timer = undefined;
      return;
    }
    let waitMs: number;
    if ('tone' in step) {
      this.send(step.tone, this.timing.toneMs);
      waitMs = this.timing.toneMs + this.timing.gapMs;
    } else waitMs = step.pauseMs;
    this.#timer = setTimeout(() => this.#next(), waitMs);
  }
}
