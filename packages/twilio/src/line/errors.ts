import { type EndReason, type EngineErrorCode, HandsetError } from '@handset/core';
import { endReasonOf } from '@handset/core/line-kit';

/** What the SDK throws and emits (TwilioError): a numeric code and a message beside the name. */
export interface SdkError {
  readonly code?: number;
  readonly message?: string;
  readonly explanation?: string;
}

/**
 * handset's code for a Twilio error code: token (20101..20157 are Twilio's access token errors, 31204..31207
 * the gateway's "JWT invalid/expired"; 20104 and 31205 say expired), call or line.
 */
function codeFor(code: number, onCall: boolean): EngineErrorCode {
  if (code === 20104 || code === 31205) return 'token-expired';
  if ((code > 20100 && code < 20200) || code === 31204 || code === 31207) return 'invalid-token';
  if (onCall && code >= 31000 && code < 32000) return 'call-failed';
  return 'line-error';
}

/** A Twilio error as a typed HandsetError that keeps Twilio's code and message. */
export function twilioError(error: unknown, onCall = false): HandsetError {
  const sdk = (error ?? {}) as SdkError;
  const code = typeof sdk.code === 'number' ? sdk.code : 0;
  const message = `Twilio ${code || 'error'}: ${sdk.message || sdk.explanation || String(error)}`;
  return new HandsetError(codeFor(code, onCall), message, { providerCode: code || undefined, cause: error });
}

/**
 * Why an unanswered or answered call ended, from the last error Twilio reported on it: the gateway reports a SIP
 * final response as 31000 + its code (with enableImprovedSignalingErrorPrecision), e.g. 31486 busy.
 */
export function endOf(error: HandsetError | null, answered: boolean): { reason: EndReason; sipCode?: number; message?: string } {
  const sipCode = (error?.providerCode as number) - 31000;
  const reason = sipCode >= 400 && sipCode < 700 ? endReasonOf(sipCode) : 'failed';
  if (reason !== 'failed') return { reason, sipCode, message: error?.message };
  if (error) return { reason: answered ? 'network' : 'failed', message: error.message };
  return { reason: answered ? 'hangup' : 'failed' };
}
