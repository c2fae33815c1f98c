import type { RegistrationState } from '../line/Line';

/** Commands from the app (`connect`, `disconnect`) and the states a line reports. */
export type RegistrationEvent = 'connect' | 'disconnect' | RegistrationState;

/** Ways out of any live registration state. */
const leave = { disconnect: 'unregistered', unregistered: 'unregistered', failed: 'failed' } as const;

const registrationTransitions: { readonly [S in RegistrationState]: { readonly [E in RegistrationEvent]?: RegistrationState } } = {
  unregistered: { connect: 'registering' },
  registering: { ...leave, registered: 'registered', reconnecting: 'reconnecting' },
  registered: { ...leave, registered: 'registered', reconnecting: 'reconnecting' },
  reconnecting: { ...leave, registering: 'reconnecting', registered: 'registered' },
  failed: { connect: 'registering', reconnecting: 'reconnecting', disconnect: 'unregistered' },
};

export function nextRegistrationState(state: RegistrationState, event: RegistrationEvent): RegistrationState | null {
  return registrationTransitions[state][event] ?? null;
}
