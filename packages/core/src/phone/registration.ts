import type { RegistrationState } from '../line/Line';

/** Commands from the app (`connect`, `disconnect`) and the states a line reports. */
export type RegistrationEvent = 'connect' | 'disconnect' | RegistrationState;

const registrationTransitions: { readonly [S in RegistrationState]: { readonly [E in RegistrationEvent]?: RegistrationState } } = {
  unregistered: { connect: 'registering' },
  registering: {
    registered: 'registered',
    failed: 'failed',
    reconnecting: 'reconnecting',
    unregistered: 'unregistered',
    disconnect: 'unregistered',
  },
  registered: {
    registered: 'registered',
    reconnecting: 'reconnecting',
    failed: 'failed',
    unregistered: 'unregistered',
    disconnect: 'unregistered',
  },
  reconnecting: {
    registering: 'reconnecting',
    registered: 'registered',
    failed: 'failed',
    unregistered: 'unregistered',
    disconnect: 'unregistered',
  },
  failed: { connect: 'registering', reconnecting: 'reconnecting', disconnect: 'unregistered' },
};

export function nextRegistrationState(state: RegistrationState, event: RegistrationEvent): RegistrationState | null {
  return registrationTransitions[state][event] ?? null;
}
