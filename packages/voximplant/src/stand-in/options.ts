import { standInChecks } from '@handset/core/testing';
import type { StandInUser } from './account';
import type { FarParty } from './farParty';

/** The user every stand-in knows unless told otherwise. */
export const TEST_USER: StandInUser = {
  username: 'alice@handset.test-account.voximplant.com',
  password: 'correct horse',
  displayName: 'Alice',
};

export interface StandInOptions {
  /** Who the client talks to; without one, calls still signal but carry no media. */
  readonly farParty?: FarParty;
  /** The application's users. Default: TEST_USER alone. */
  readonly users?: readonly StandInUser[];
  /**
   * What happens to an outgoing call: answered after `handleRingOut` (default), left ringing for
   * `answerOutgoing()`, or left ringing with the far side's media flowing early (`startEarlyMedia`, a 183).
   */
  readonly outgoing?: 'answer' | 'ring' | 'early';
  /** What the cloud makes of the SDK's `transferCall`: the far sides joined (default), or `handleTransferFailed`. */
  readonly transfers?: 'complete' | 'fail';
  /** Lifetimes of the tokens issued at login and refresh, in seconds. Defaults: 3600 and 86400. */
  readonly accessSecs?: number;
  readonly refreshSecs?: number;
}

export interface IncomingCallSpec {
  /** The caller's number, as `call.number()` shows it. */
  readonly from: string;
  readonly displayName?: string;
  /** SIP headers of the call (`X-…`), as `IncomingCall.headers` and `call.headers()` show them. */
  readonly headers?: Readonly<Record<string, string>>;
  /** VoxEngine's `customData`: carried as the `VI-CallData` header, as the cloud does. */
  readonly customData?: string;
}

export interface ResolvedOptions {
  readonly users: readonly StandInUser[];
  readonly outgoing: 'answer' | 'ring' | 'early';
  readonly transfers: 'complete' | 'fail';
  readonly accessSecs: number;
  readonly refreshSecs: number;
}

export const checks = standInChecks('Voximplant stand-in');

export function resolveOptions(options: StandInOptions): ResolvedOptions {
  if (options.outgoing !== undefined && !['answer', 'ring', 'early'].includes(options.outgoing)) {
    throw checks.invalid("`outgoing` must be 'answer', 'ring' or 'early'.");
  }
  if (options.transfers !== undefined && options.transfers !== 'complete' && options.transfers !== 'fail') {
    throw checks.invalid("`transfers` must be 'complete' or 'fail'.");
  }
  const accessSecs = options.accessSecs ?? 3600;
  const refreshSecs = options.refreshSecs ?? 86_400;
  if (!(accessSecs > 0) || !(refreshSecs > 0)) throw checks.invalid('token lifetimes must be positive numbers of seconds.');
  return {
    users: options.users ?? [TEST_USER],
    outgoing: options.outgoing ?? 'answer',
    transfers: options.transfers ?? 'complete',
    accessSecs,
    refreshSecs,
  };
}
