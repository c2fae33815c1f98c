import type { Core, Emitter, Registerer, Session } from 'sip.js';

/**
 * Every member of SIP.js that its typings keep private or protected and that the line still needs,
 * each behind one small function. Nothing else in the package reaches past SIP.js's public API.
 * SIP.js is pinned to an exact version in package.json; `test/sipjsInternals.test.ts` instantiates
 * the real classes and fails, naming the member, when an upgrade removes or changes one of them.
 */

/** `Registerer`'s private members the line's one-REGISTER-in-flight rule stands on. */
interface RegistererPrivates {
  readonly waiting: boolean;
  readonly waitingChange: Emitter<boolean>;
  clearTimers(): void;
}

/** `Session`'s protected handler of an in-dialog INVITE (a re-INVITE from the far side). */
interface SessionPrivates {
  onInviteRequest(request: Core.IncomingInviteRequest): void;
}

function registererPrivates(registerer: Registerer): RegistererPrivates {
  return registerer as unknown as RegistererPrivates;
}

/**
 * True while a REGISTER (or un-REGISTER) of `registerer` awaits its final response: `Registerer.waiting`
 * (a private getter). Needed because SIP.js refuses a second REGISTER meanwhile (RequestPendingError)
 * and exposes no public way to know one is out, including its own refreshes. Assumes it turns true
 * when the request is sent and false on its final response, timeout or transport error.
 */
export function registerInFlight(registerer: Registerer): boolean {
  return registererPrivates(registerer).waiting;
}

/**
 * Emits each change of `registerInFlight` (`Registerer.waitingChange`, a private getter), so that a
 * REGISTER asked for meanwhile goes out as soon as the outstanding one is answered. Assumes the
 * emitter is the same object for the registerer's lifetime and emits `false` after each final response.
 */
export function registerInFlightChange(registerer: Registerer): Emitter<boolean> {
  return registererPrivates(registerer).waitingChange;
}

/**
 * Cancels SIP.js's own refresh (and expiry) timers (`Registerer.clearTimers`, private). Needed because the
 * line schedules every REGISTER itself: SIP.js's refresh would otherwise send a second one while ours is
 * out. Assumes the next successful REGISTER arms them again (a lone `register()` then still refreshes).
 */
export function cancelRegistererRefresh(registerer: Registerer): void {
  registererPrivates(registerer).clearTimers();
}

/**
 * Answers the far side's in-dialog INVITEs with `refusal()`'s status code when it returns one, else
 * lets SIP.js handle them. Wraps `Session.onInviteRequest` (protected): SIP.js starts answering the
 * offer inside it, and no public hook runs before that. Used for glare while our own re-INVITE's
 * offer is still being gathered (SIP.js's 491 check does not see an INVITE not yet sent). Assumes the
 * session's dialogs call `this.onInviteRequest(request)` at call time (so an own property replaces the
 * prototype's) and that `request.reject({ statusCode })` sends that final response.
 */
export function refuseInDialogInvites(session: Session, refusal: () => number | undefined): void {
  const privates = session as unknown as SessionPrivates;
  const handle = privates.onInviteRequest.bind(session);
  privates.onInviteRequest = (request) => {
    const statusCode = refusal();
    if (statusCode === undefined) handle(request);
    else request.reject({ statusCode });
  };
}
