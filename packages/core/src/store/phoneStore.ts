import { createStore, type StoreApi } from 'zustand/vanilla';
import type { CallSnapshot } from '../call/types';
import type { HandsetErrorData } from '../errors/HandsetError';
import type { RegistrationState } from '../line/Line';
import type { MediaSlices } from '../phone/PhoneMedia';
import { freeze } from '../util/freeze';

/** The whole phone as plain, serialisable data. Never mutated in place: every change is a new object. */
export interface PhoneSnapshot extends MediaSlices {
  readonly registration: {
    readonly state: RegistrationState;
    readonly error: HandsetErrorData | null;
    /** Token lines: when the token expires (ms since the epoch) once the line warned (`tokenWillExpire`); null otherwise. */
    readonly tokenExpiresAt: number | null;
  };
  /** Live calls and the most recent ended ones, by id. */
  readonly calls: Readonly<Record<string, CallSnapshot>>;
  /** Live calls, oldest first. */
  readonly callIds: readonly string[];
  /** Ended calls still kept for display, most recent last. */
  readonly endedCallIds: readonly string[];
  /** The call that has the microphone (or, when all are held, the one focused last); never an unanswered incoming call. */
  readonly activeCallId: string | null;
}

/** What the React layer gets: read and subscribe, never write. */
export type ReadonlyStore<T> = Pick<StoreApi<T>, 'getState' | 'getInitialState' | 'subscribe'>;

export const initialPhoneSnapshot: PhoneSnapshot = freeze({
  registration: freeze({ state: 'unregistered' as const, error: null, tokenExpiresAt: null }),
  calls: freeze({}),
  callIds: freeze([]),
  endedCallIds: freeze([]),
  activeCallId: null,
  media: freeze({ ringtoneBlocked: false, audioBlocked: false, audioError: null, devices: null }),
  quality: freeze({}),
});

/** Creates the store; nothing else happens at creation. */
export function createPhoneStore(): StoreApi<PhoneSnapshot> {
  return createStore<PhoneSnapshot>()(() => initialPhoneSnapshot);
}

export function readonlyStore<T>(store: StoreApi<T>): ReadonlyStore<T> {
  return freeze({ getState: store.getState, getInitialState: store.getInitialState, subscribe: store.subscribe });
}
