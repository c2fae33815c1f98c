import type { ReconnectionPolicy } from './options';

/**
 * The wait before reconnection attempt `attempt` (1-based): exponential from `baseMs`, capped
 * at `maxMs`, with "equal jitter" (half fixed, half random) so that many phones losing the same
 * server do not come back in lockstep.
 */
export function backoffDelay(policy: Required<ReconnectionPolicy>, attempt: number, random: () => number = Math.random): number {
  const exponential = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(exponential / 2 + random() * (exponential / 2));
}
