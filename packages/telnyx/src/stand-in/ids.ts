import { randomBytes, randomUUID } from 'node:crypto';

/** The three ids Telnyx gives a call leg, as Call Control and the WebRTC frames carry them. */
export interface TelnyxIds {
  /** `v3:` and a URL-safe token, like Call Control's ids. */
  readonly telnyxCallControlId: string;
  readonly telnyxLegId: string;
  readonly telnyxSessionId: string;
}

export function newTelnyxIds(): TelnyxIds {
  return {
    telnyxCallControlId: `v3:${randomBytes(30).toString('base64url')}`,
    telnyxLegId: randomUUID(),
    telnyxSessionId: randomUUID(),
  };
}

/** The snake_case params in which the SDK reads them (telnyx_rtc.invite / ringing / answer / media / attach). */
export function idParams(ids: TelnyxIds): Record<string, string> {
  return {
    telnyx_call_control_id: ids.telnyxCallControlId,
    telnyx_leg_id: ids.telnyxLegId,
    telnyx_session_id: ids.telnyxSessionId,
  };
}
