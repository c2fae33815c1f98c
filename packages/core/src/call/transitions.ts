import type { CallState } from './types';

/**
 * Everything that can happen to a call: commands from the app and signals from the line.
 * A self-transition (`active: { mute: 'active' }`) means "allowed, state unchanged".
 */
export type CallEvent =
  // commands
  | 'accept'
  | 'reject'
  | 'ignore'
  | 'hangup'
  | 'hold'
  | 'unhold'
  | 'mute'
  | 'sendDigits'
  | 'sendMessage'
  | 'sendInfo'
  // line signals
  | 'ringing'
  | 'answered'
  | 'connected'
  | 'holdFailed'
  | 'unholdFailed'
  | 'remoteHold'
  | 'mediaLost'
  | 'reconnected'
  | 'reconnectedHeld'
  | 'inCallSignal'
  | 'end';

type Table = { readonly [S in CallState]: { readonly [E in CallEvent]?: CallState } };

const live = 'end' as const;

/** The call's whole behaviour in one screen. Anything missing here is refused. */
export const callTransitions = {
  dialing: { ringing: 'ringing', answered: 'connecting', connected: 'active', hangup: 'ended', mute: 'dialing', [live]: 'ended' },
  ringing: {
    ringing: 'ringing',
    answered: 'connecting',
    connected: 'active',
    hangup: 'ended',
    mute: 'ringing',
    inCallSignal: 'ringing',
    [live]: 'ended',
  },
  incoming: { accept: 'connecting', reject: 'ended', ignore: 'ended', hangup: 'ended', mute: 'incoming', [live]: 'ended' },
  connecting: {
    connected: 'active',
    hangup: 'ended',
    mute: 'connecting',
    remoteHold: 'connecting',
    inCallSignal: 'connecting',
    [live]: 'ended',
  },
  active: {
    hold: 'held',
    unholdFailed: 'held',
    mediaLost: 'reconnecting',
    hangup: 'ended',
    mute: 'active',
    sendDigits: 'active',
    sendMessage: 'active',
    sendInfo: 'active',
    remoteHold: 'active',
    inCallSignal: 'active',
    connected: 'active',
    [live]: 'ended',
  },
  held: {
    unhold: 'active',
    holdFailed: 'active',
    mediaLost: 'reconnecting',
    hangup: 'ended',
    mute: 'held',
    sendMessage: 'held',
    sendInfo: 'held',
    remoteHold: 'held',
    inCallSignal: 'held',
    [live]: 'ended',
  },
  reconnecting: { reconnected: 'active', reconnectedHeld: 'held', hangup: 'ended', mute: 'reconnecting', [live]: 'ended' },
  ended: {},
} as const satisfies Table;

/** The next state, or null when the table does not allow `event` in `state`. Pure. */
export function nextCallState(state: CallState, event: CallEvent): CallState | null {
  const row: { readonly [E in CallEvent]?: CallState } = callTransitions[state];
  return row[event] ?? null;
}
