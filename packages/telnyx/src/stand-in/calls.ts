import type { FarParty } from './farParty';
import type { TelnyxIds } from './ids';
import type { SipHeader } from './validate';

/** A `telnyx_rtc.invite` the SDK sent, exactly as it arrived (dialogParams keep the SDK's wire names). */
export interface RecordedInvite {
  readonly callId: string;
  readonly sessid: string;
  readonly sdp: string;
  /** destination_number, caller_id_name, caller_id_number, custom_headers, clientState, audio, video, … */
  readonly dialogParams: Readonly<Record<string, unknown>>;
  readonly userAgent: unknown;
  readonly params: Readonly<Record<string, unknown>>;
}

export type StandInCallState = 'trying' | 'ringing' | 'early' | 'active' | 'held' | 'ended';

export interface HangupRecord {
  readonly by: 'client' | 'stand-in' | 'timeout';
  readonly cause: string;
  readonly causeCode: number;
  readonly sipCode?: number;
}

/** The stand-in's view of one call leg to a browser. */
export interface StandInCall extends TelnyxIds {
  readonly callId: string;
  /** As the browser sees it: 'outbound' when it dialled, 'inbound' when the stand-in rang it. */
  readonly direction: 'outbound' | 'inbound';
  readonly login: string;
  readonly sessid: string;
  state: StandInCallState;
  /** For outbound calls: the invite the SDK sent. */
  readonly invite?: RecordedInvite;
  /** For inbound calls: who called, with which headers and client state. */
  readonly caller?: {
    readonly name?: string;
    readonly number: string;
    readonly headers: readonly SipHeader[];
    readonly clientState?: string;
  };
  /** DTMF digits from `telnyx_rtc.info`, in arrival order. */
  readonly dtmf: string[];
  /** Hold and unhold actions from `telnyx_rtc.modify`, in order. */
  readonly modifies: string[];
  /** How many times the call was re-attached (reload or reconnection). */
  attaches: number;
  hangup?: HangupRecord;
  farParty?: FarParty;
}

/** Q.850 causes Telnyx puts in `telnyx_rtc.bye` (cause / causeCode). */
export const hangupCauses = {
  NORMAL_CLEARING: 16,
  USER_BUSY: 17,
  NO_USER_RESPONSE: 18,
  NO_ANSWER: 19,
  CALL_REJECTED: 21,
  UNALLOCATED_NUMBER: 1,
  NORMAL_TEMPORARY_FAILURE: 41,
  ORIGINATOR_CANCEL: 487,
} as const;

export type HangupCause = keyof typeof hangupCauses;

/** Who calls whom, as the SDK reads it in telnyx_rtc.invite, ringing and attach. */
export function callerParams(call: StandInCall): Record<string, unknown> {
  if (call.direction === 'inbound') {
    return {
      caller_id_name: call.caller?.name ?? call.caller?.number,
      caller_id_number: call.caller?.number,
      callee_id_name: call.login,
      callee_id_number: call.login,
      ...(call.caller?.clientState ? { client_state: call.caller.clientState } : {}),
      dialogParams: { custom_headers: call.caller?.headers ?? [] },
    };
  }
  const dialog = call.invite?.dialogParams ?? {};
  return {
    caller_id_name: dialog.caller_id_name,
    caller_id_number: dialog.caller_id_number,
    callee_id_name: dialog.destination_number,
    callee_id_number: dialog.destination_number,
    dialogParams: { custom_headers: dialog.custom_headers ?? [] },
  };
}
