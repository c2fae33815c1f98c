/**
 * `@handset/core/parity`: the reference SDKs' call features that the 10 kB base leaves out, as functions
 * on a call or phone. Twilio's `postFeedback`, Voximplant's `customData()`, both ways of the status
 * mappings, attended transfer (`transferTo`), and re-attaching to a call after a page reload (Twilio's `connectToken`, Telnyx's
 * `telnyxSessionId` / `isRecovered`).
 */
import type { Call } from '../call/Call';
import { controllerOf } from '../call/internals';
import type { CallEnd } from '../call/types';
import { type TwilioCallStatus, twilioStatus, type VoximplantCallState, voximplantState } from './status';

export { type TwilioCallStatus, twilioStatus, type VoximplantCallState, voximplantState };

import type { CallFeedback, CallState, FeedbackIssue, FeedbackScore, RecoveryToken } from '../call/types';
import { type EngineErrorCode, type ErrorCode, errorMessages } from '../errors/catalogue';
import { errorExplanations } from '../errors/explanations';
import { HandsetError, type HandsetErrorData } from '../errors/HandsetError';
import { type ErrorEntry, mediaErrorCatalogue } from '../errors/mediaErrors';
import { checkCustomData } from '../options/validateCallOptions';
import type { Phone } from '../phone/Phone';

/** Twilio's feedback issues, in its order. */
export const feedbackIssues: readonly FeedbackIssue[] = [
  'dropped-call',
  'audio-latency',
  'one-way-audio',
  'choppy-audio',
  'noisy-call',
  'echo',
];
/** Twilio's feedback scores. */
export const feedbackScores: readonly FeedbackScore[] = [1, 2, 3, 4, 5];

/**
 * Twilio's `call.postFeedback(score?, issue?)`: the user's rating (1 terrible .. 5 great) and main issue,
 * or nothing when they declined. Allowed in any state, also after the call ended (as Twilio allows).
 * Kept as `call.snapshot.feedback` (and in the store while it keeps the call) and given to the line when
 * it takes feedback (`Line.postFeedback`); resolves when the line has it. Anything else throws `invalid-option`.
 */
export function postFeedback(call: Call, score?: FeedbackScore, issue?: FeedbackIssue): Promise<void> {
  if (score !== undefined && !feedbackScores.includes(score)) {
    throw new HandsetError('invalid-option', `postFeedback(): the score must be 1, 2, 3, 4 or 5, or left out; got ${describe(score)}.`);
  }
  if (issue !== undefined && !feedbackIssues.includes(issue)) {
    throw new HandsetError(
      'invalid-option',
      `postFeedback(): the issue must be one of ${feedbackIssues.join(', ')}, or left out; got ${describe(issue)}.`,
    );
  }
  const feedback: CallFeedback = Object.freeze({ score: score ?? null, issue: issue ?? null });
  const controller = controllerOf(call);
  controller.note({ feedback });
  const leg = controller.leg.current;
  return Promise.resolve(controller.line.capabilities.feedback && leg ? leg.postFeedback?.(feedback) : undefined);
}

/**
 * Voximplant's `call.customData(value?)`: reads the call's custom data, or sets it (at most 200 bytes of
 * UTF-8, checked as the `customData` call option is) and tells a line that carries it (`Line.setCustomData`).
 */
export function customData(call: Call, value?: string): string | undefined {
  if (value !== undefined) setCustomData(call, value);
  return call.snapshot.customData;
}

/** Sets the call's custom data (see `customData`); kept on `call.snapshot.customData`. */
export function setCustomData(call: Call, value: string): void {
  checkCustomData(value);
  const controller = controllerOf(call);
  controller.note({ customData: value });
  if (call.state !== 'ended') controller.leg.run((leg) => leg.setCustomData?.(value));
}

/**
 * What `recover()` needs to re-attach to a live call after a page reload (Twilio's `connectToken`, Telnyx's
 * `telnyxSessionId`): plain JSON, to keep with `JSON.stringify` (e.g. in sessionStorage). Null when the line
 * cannot recover calls, has no token yet, or the call has ended.
 */
export function recoveryToken(call: Call): RecoveryToken | null {
  const { line, leg } = controllerOf(call);
  return (call.state !== 'ended' && line.capabilities.recovery && leg.current?.recoveryToken?.()) || null;
}

/**
 * Re-attaches to a call after a page reload, from its `recoveryToken()`. The call comes back as `connecting`
 * with `snapshot.recovered` true (Telnyx's `isRecovered`), then `active` when media flows, or ends when it is
 * gone. Throws `unsupported` when the phone's line cannot recover calls (or the token is from another kind of line).
 */
export function recover(phone: Phone, token: RecoveryToken): Call {
  const { line } = phone;
  if (!line.capabilities.recovery || !line.recover || token?.lineKind !== line.kind) {
    const from = token?.lineKind && token.lineKind !== line.kind ? ` of a ${String(token.lineKind)} line` : '';
    throw new HandsetError('unsupported', `The ${line.kind} line cannot recover calls${from}.`);
  }
  if (phone.registration !== 'registered') {
    throw new HandsetError('not-connected', `The phone is ${phone.registration}; await phone.connect() before recover().`);
  }
  if (phone.getCall(token.callId)) throw new HandsetError('duplicate-call-id', `A call with id "${token.callId}" is still live.`);
  line.recover(token);
  const call = phone.getCall(token.callId);
  if (!call) throw new HandsetError('line-error', `The ${line.kind} line did not report the recovered call "${token.callId}".`);
  return call;
}

/**
 * Attended transfer (SIP REFER with Replaces; Voximplant's Web SDK `transferCall(call1, call2)`): connects the far
 * side of `call` to the far side of `other`, both answered calls of the same phone (active or held). Both
 * calls end when it succeeds; a refusal is an `error` event on `call`, and both go on.
 * For a blind transfer to a number, use `call.transfer(destination)`.
 */
export function transferTo(call: Call, other: Call): void {
  const controller = controllerOf(call);
  const { line } = controller;
  for (const c of [call, other]) {
    if (c.state !== 'active' && c.state !== 'held') {
      throw new HandsetError('invalid-state', `transferTo() needs two answered calls; call ${c.id} is ${c.state}.`);
    }
  }
  const target = controllerOf(other);
  if (other === call || target.line !== line) {
    throw new HandsetError('invalid-destination', 'transferTo() needs another call of the same phone to transfer to.');
  }
  if (!line.capabilities.attendedTransfer) throw new HandsetError('unsupported', `The ${line.kind} line cannot make attended transfers.`);
  const targetLeg = target.leg.current;
  if (targetLeg) controller.leg.run((leg) => leg.attendedTransfer?.(targetLeg));
}

/** Twilio's `call.status()`: the call's state as one of Twilio's six status values. */
export function callStatus(call: Call): TwilioCallStatus {
  return twilioStatus(call.state);
}

/**
 * Twilio's `call.parameters`: who called whom. Incoming: `CallSid`, `From`, `To` (where the line says it),
 * `CallerName`; outgoing: `CallSid`, `To`. `CallSid` is the provider's where the line has one, else handset's id.
 */
export function callParameters(call: Call): Readonly<Record<string, string>> {
  const { remote, id, to, providerIds } = call.snapshot;
  const sid = providerIds.CallSid ?? id;
  return call.direction === 'incoming'
    ? { CallSid: sid, From: remote.number, ...(to ? { To: to } : {}), ...(remote.name ? { CallerName: remote.name } : {}) }
    : { CallSid: sid, To: remote.number };
}

/** Twilio's `call.customParameters`: the call's custom parameters as a Map (the snapshot keeps them as a record). */
export function callCustomParameters(call: Call): ReadonlyMap<string, string> {
  return new Map(Object.entries(call.snapshot.customParameters));
}

/** Voximplant's `call.toString()`: the call in one line, for logs (`JSON.stringify(call.snapshot)` has it all). */
export function callToString(call: Call): string {
  return `Call ${call.id} ${call.direction} ${call.state} ${call.remote.number}`;
}

/** Twilio's extra call events, derived from `ended`: `cancel` (the caller gave up on an incoming call), `reject` (we rejected it), `disconnect` (every end). */
export type TwilioCallEvent = 'cancel' | 'reject' | 'disconnect';

/** Listens for one of Twilio's extra call events (`call.on('cancel' | 'reject' | 'disconnect')` in Twilio); returns the unsubscribe. */
export function onTwilioEvent(call: Call, event: TwilioCallEvent, listener: (end: CallEnd) => void): () => void {
  const incoming = call.direction === 'incoming';
  return call.on('ended', (end) => {
    const matches =
      event === 'disconnect' ||
      (incoming && event === 'cancel' && end.reason === 'cancelled' && end.by === 'remote') ||
      (incoming && event === 'reject' && end.reason === 'rejected' && end.by === 'local');
    if (matches) listener(end);
  });
}

/**
 * Twilio's `TwilioError` explanation of a handset error: why it usually happens (`causes`) and what a person can
 * do about it (`solutions`), from the engine's and the media kit's catalogues. Kept out of the base entry, which
 * carries only `code` and `message`.
 */
export function explainError(error: Pick<HandsetErrorData, 'code'>): { causes: string[]; solutions: string[] } {
  const entry: readonly string[] | undefined =
    errorExplanations[error.code as EngineErrorCode] ?? (mediaErrorCatalogue as Record<string, ErrorEntry>)[error.code]?.slice(1);
  return entry ? { causes: [entry[0] as string], solutions: [entry[1] as string] } : { causes: [], solutions: [] };
}

/** The whole catalogue: every engine and media code with [message, cause, solution]. */
export const errorCatalogue: Readonly<Record<ErrorCode, ErrorEntry>> = Object.freeze({
  ...(Object.fromEntries(
    Object.entries(errorExplanations).map(([code, [cause, solution]]) => [code, [errorMessages[code as EngineErrorCode], cause, solution]]),
  ) as unknown as Record<EngineErrorCode, ErrorEntry>),
  ...mediaErrorCatalogue,
});

const states: readonly CallState[] = ['dialing', 'ringing', 'incoming', 'connecting', 'active', 'held', 'reconnecting', 'ended'];

/** The other way of `twilioStatus()`: the handset states a Twilio status stands for (`open` is `active` or `held`). */
export function statesForTwilio(status: TwilioCallStatus): CallState[] {
  return states.filter((s) => twilioStatus(s) === status);
}

/** The other way of `voximplantState()`: the handset states a Voximplant state stands for (`CONNECTED` is active, held or reconnecting). */
export function statesForVoximplant(state: VoximplantCallState): CallState[] {
  return states.filter((s) => voximplantState(s) === state);
}

function describe(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value.slice(0, 40)) : String(value);
}
