import { HandsetError } from '../../errors/HandsetError';

/** A context of a feature's own, for a caller that gave none (closed by that feature when it stops). */
export function newContext(): AudioContext {
  if (typeof AudioContext !== 'function')
    throw new HandsetError('unsupported', 'Web Audio (AudioContext) is not available in this browser.');
  return new AudioContext();
}
