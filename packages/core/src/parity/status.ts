import type { CallState } from '../call/types';

/** Twilio's `call.status()` values. */
export type TwilioCallStatus = 'pending' | 'connecting' | 'ringing' | 'open' | 'reconnecting' | 'closed';

/** Voximplant's call states. */
export type VoximplantCallState = 'ALERTING' | 'PROGRESSING' | 'CONNECTED' | 'TERMINATED';

const toTwilio: Record<CallState, TwilioCallStatus> = {
  incoming: 'pending',
  dialing: 'connecting',
  ringing: 'ringing',
  connecting: 'connecting',
  active: 'open',
  held: 'open',
  reconnecting: 'reconnecting',
  ended: 'closed',
};

const toVoximplant: Record<CallState, VoximplantCallState> = {
  incoming: 'ALERTING',
  dialing: 'PROGRESSING',
  ringing: 'PROGRESSING',
  connecting: 'PROGRESSING',
  active: 'CONNECTED',
  held: 'CONNECTED',
  reconnecting: 'CONNECTED',
  ended: 'TERMINATED',
};

export const twilioStatus = (state: CallState): TwilioCallStatus => toTwilio[state];
export const voximplantState = (state: CallState): VoximplantCallState => toVoximplant[state];
