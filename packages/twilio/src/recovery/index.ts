/**
 * `@handset/twilio/recovery`: Twilio's `connectToken` as handset's `recoveryToken()` / `recover()`, in its own
 * entry so that the line stays under 3 kB for apps that do not recover calls: `twilio({ token, recovery: twilioRecovery })`.
 * Twilio re-attaches only an incoming call not yet answered: `device.connect({ connectToken })` answers it.
 */
import { HandsetError, type LineCall, type RecoveryToken } from '@handset/core';
import type { Call } from '@twilio/voice-sdk';
import { endOf, twilioError } from '../line/errors';
import type { RecoveryHost, TwilioRecovery } from '../line/TwilioLine';

/** A Twilio recovery token: the core's fields, the SDK's `connectToken` and what the re-announced call shows. */
export interface TwilioRecoveryToken extends RecoveryToken {
  readonly connectToken: string;
  readonly callSid: string;
  readonly to?: string;
  readonly customParameters: Readonly<Record<string, string>>;
}

/**
 * The token of a ringing incoming call, or undefined once it is answered or gone (Twilio cannot recover those).
 * Taking it keeps the call over a reload: on `pagehide` the call is ignored first, so the SDK's own unload
 * handler (which rejects ringing calls) sends nothing, and Twilio keeps it ringing for `recover()` in the next page.
 */
function tokenOf(callId: string, sdk: Call): TwilioRecoveryToken | undefined {
  const { connectToken, parameters: p } = sdk;
  if (!connectToken || sdk.status() !== 'pending') return;
  // Capture: at the window it runs before the Device's own listener, which was added earlier.
  addEventListener('pagehide', () => sdk.ignore(), { capture: true, once: true });
  return {
    lineKind: 'twilio',
    callId,
    direction: 'incoming',
    remote: { number: p.From ?? '' },
    ...(p.To ? { to: p.To } : {}),
    customParameters: Object.fromEntries(sdk.customParameters),
    callSid: p.CallSid as string,
    connectToken,
  };
}

/** Checked before anything is sent: the SDK's connectToken is base64 of URI-encoded JSON naming the CallSid. */
export function checkRecoveryToken(token: RecoveryToken): TwilioRecoveryToken {
  const t = token as TwilioRecoveryToken;
  try {
    if (JSON.parse(decodeURIComponent(atob(t.connectToken))).parameters.CallSid === t.callSid) return t;
  } catch {
    // Not base64, not JSON, no parameters: refused below like any other token that is not Twilio's.
  }
  throw new HandsetError('invalid-option', 'Not a Twilio recovery token (recoveryToken() of a ringing Twilio call).');
}

const commands = [
  'accept',
  'reject',
  'ignore',
  'hangup',
  'setMuted',
  'sendDtmf',
  'sendMessage',
  'postFeedback',
  'setSpeaker',
  'hold',
  'unhold',
];

/**
 * A call's commands before its SDK call exists (`device.connect()` resolves later): each runs, in order, once it
 * does; none runs when it never does (the call has then ended).
 */
export function laterCall(pending: Promise<LineCall | null>): LineCall {
  const forward =
    (name: string) =>
    (...args: unknown[]) =>
      pending.then((call) => (call?.[name as keyof LineCall] as ((...a: unknown[]) => unknown) | undefined)?.(...args));
  return Object.fromEntries(commands.map((name) => [name, forward(name)])) as unknown as LineCall;
}

/**
 * The call is announced at once (the phone shows it `connecting`); its commands wait for the SDK's call. When
 * Twilio refuses (the call was answered, or is gone) the SDK's call ends with Twilio's error, and so does this one.
 */
function recover(token: RecoveryToken, host: RecoveryHost): void {
  const t = checkRecoveryToken(token);
  const { callId } = t;
  const pending = host
    .device()
    .connect({ connectToken: t.connectToken })
    .then(
      (sdk) => host.adopt(callId, sdk),
      (error: unknown) => {
        host.signal({ type: 'ended', callId, end: endOf(twilioError(error, true), false) });
        return null;
      },
    );
  host.signal({
    type: 'incoming',
    callId,
    call: laterCall(pending),
    from: t.remote,
    ...(t.to ? { to: t.to } : {}),
    customParameters: t.customParameters,
    providerIds: { CallSid: t.callSid },
    recovered: 'incoming',
  });
}

/** Give it to the line: `twilio({ token, recovery: twilioRecovery })`. */
export const twilioRecovery: TwilioRecovery = { tokenOf, recover };
