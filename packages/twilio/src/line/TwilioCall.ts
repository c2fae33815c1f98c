import type { AcceptRequest, CallFeedback, CallMessage, DtmfTone, HandsetError, LineCall, LineSignal, RecoveryToken } from '@handset/core';
import type { Call } from '@twilio/voice-sdk';
import { endOf, twilioError } from './errors';
import { type SdkSample, sampleOf, warningOf } from './quality';
import { rtcOptions } from './rtc';
import type { TwilioRecovery } from './TwilioLine';

/** What a call needs from its line. */
export interface CallHost {
  signal(signal: LineSignal): void;
  /** The app's own hold (e.g. a conference hold on its server), when it gave one. */
  readonly hold?: (callSid: string, held: boolean) => Promise<void>;
  setSpeaker(deviceId: string): void;
  readonly recovery?: TwilioRecovery;
}

/** The SDK's call message, as `messageReceived` and `messageSent` give it. */
interface SdkMessage {
  content: unknown;
  contentType?: string;
  messageType: string;
  voiceEventSid?: string;
}

/**
 * One call of the Twilio line: the SDK's `Call`, its commands passed on and its events turned into line
 * signals. The core decides the call's states; this only says what Twilio reported.
 */
export class TwilioCall implements LineCall {
  #error: HandsetError | null = null;
  #answered = false;
  #latest: ReturnType<typeof sampleOf> | null = null;

  constructor(
    readonly callId: string,
    readonly sdk: Call,
    readonly incoming: boolean,
    private readonly host: CallHost,
  ) {
    const id = { callId };
    const on = (event: string, listener: (...args: never[]) => void) => sdk.on(event, listener as (...args: unknown[]) => void);
    on('ringing', (early: boolean) => {
      this.#ids();
      host.signal({ type: 'ringing', ...id, earlyMedia: early });
    });
    on('accept', () => {
      this.#answered = true;
      this.#ids();
      host.signal({ type: 'answered', ...id });
      host.signal({ type: 'connected', ...id, codec: sdk.codec || undefined, dtmfPath: 'rfc4733' });
    });
    on('error', (error: unknown) => {
      this.#error = twilioError(error, true);
      host.signal({ type: 'error', ...id, error: this.#error });
    });
    // Ended by the far side or the network (the core ends a call it ended itself first, and drops these then).
    on('cancel', () => host.signal({ type: 'ended', ...id, end: { reason: 'cancelled' } }));
    on('disconnect', () => host.signal({ type: 'ended', ...id, end: endOf(this.#error, this.#answered) }));
    on('reconnecting', (error: unknown) => host.signal({ type: 'reconnecting', ...id, error: twilioError(error, true) }));
    on('reconnected', () => host.signal({ type: 'reconnected', ...id }));
    on('sample', (sample: SdkSample) => {
      this.#latest = sampleOf(sample);
      host.signal({ type: 'sample', ...id, sample: this.#latest });
    });
    on('warning', (name: string) => {
      const warning = warningOf(name);
      if (warning && this.#latest) host.signal({ type: 'warning', ...id, name: warning, raised: true, sample: this.#latest });
    });
    on('warning-cleared', (name: string) => {
      const warning = warningOf(name);
      if (warning) host.signal({ type: 'warning', ...id, name: warning, raised: false });
    });
    on('volume', (input: number, output: number) => host.signal({ type: 'levels', ...id, input, output }));
    on('messageReceived', (message: SdkMessage) => host.signal({ type: 'message', ...id, message: messageOf(message) }));
    on('messageSent', (message: SdkMessage) => host.signal({ type: 'messageSent', ...id, message: messageOf(message) }));
  }

  /** Twilio's CallSid, once known (at once for incoming calls, with `ringing` for outgoing ones). */
  get callSid(): string | undefined {
    return this.sdk.parameters?.CallSid;
  }

  accept(request: AcceptRequest): void {
    this.sdk.accept(rtcOptions(request));
  }
  // The core has ended the call before it sends any of these three: the SDK's `disconnect` that follows changes nothing.
  reject(): void {
    this.sdk.reject();
  }
  ignore(): void {
    this.sdk.ignore();
  }
  hangup(): void {
    // An incoming call not yet accepted is refused with `reject`; `disconnect` would only close it here.
    if (this.incoming && this.sdk.status() === 'pending') this.sdk.reject();
    else this.sdk.disconnect();
  }
  setMuted(muted: boolean): void {
    this.sdk.mute(muted);
  }
  /** The core sequences digits and pauses; the SDK sends each tone in the media (RFC 4733). */
  sendDtmf(tone: DtmfTone): void {
    this.sdk.sendDigits(tone);
  }
  sendMessage(message: CallMessage): void {
    try {
      this.sdk.sendMessage({ content: message.content, contentType: message.contentType, messageType: message.messageType });
    } catch (error) {
      this.host.signal({ type: 'error', callId: this.callId, error: twilioError(error, true) });
    }
  }
  postFeedback(feedback: CallFeedback): Promise<void> {
    return this.sdk.postFeedback((feedback.score ?? undefined) as never, (feedback.issue ?? undefined) as never);
  }
  setSpeaker(deviceId: string): void {
    this.host.setSpeaker(deviceId);
  }
  /** With the line's recovery option, while an incoming call rings (Twilio's `connectToken`). */
  recoveryToken(): RecoveryToken | undefined {
    return this.host.recovery?.tokenOf(this.callId, this.sdk);
  }
  hold(): void {
    this.#hold(true);
  }
  unhold(): void {
    this.#hold(false);
  }

  /** The app's server holds the call (Twilio has no client-side hold); a failure is reported, the state restored. */
  #hold(held: boolean): void {
    const failed = (error: unknown) =>
      this.host.signal({ type: held ? 'holdFailed' : 'unholdFailed', callId: this.callId, error: twilioError(error, true) });
    // The core offers hold only when the app gave a hold action, and only on an answered call (it has a CallSid).
    this.host.hold?.(this.callSid as string, held).catch(failed);
  }

  /** Outgoing calls learn their CallSid with `ringing` or `accept` (the core keeps ids it already has). */
  #ids(): void {
    const sid = this.callSid;
    if (sid && !this.incoming) this.host.signal({ type: 'providerIds', callId: this.callId, ids: { CallSid: sid } });
  }
}

function messageOf({ voiceEventSid, ...message }: SdkMessage): CallMessage {
  return { ...message, contentType: message.contentType ?? 'application/json', ...(voiceEventSid ? { id: voiceEventSid } : {}) };
}
