/**
 * The dial request of Telnyx Call Control (POST /v2/calls), field for field as Telnyx names them, so a
 * server developer can copy from Telnyx's reference. The enum lists are the reference's, verbatim; they
 * are both the TypeScript types and what `dialCommand` checks at run time.
 */

export const dialEnums = {
  answering_machine_detection: ['premium', 'detect', 'detect_beep', 'detect_words', 'greeting_end', 'disabled'],
  media_encryption: ['disabled', 'SRTP', 'DTLS'],
  sip_transport_protocol: ['UDP', 'TCP', 'TLS'],
  stream_track: ['inbound_track', 'outbound_track', 'both_tracks'],
  stream_codec: ['PCMU', 'PCMA', 'G722', 'OPUS', 'AMR-WB', 'L16', 'default'],
  stream_bidirectional_mode: ['mp3', 'rtp'],
  stream_bidirectional_codec: ['PCMU', 'PCMA', 'G722', 'OPUS', 'AMR-WB', 'L16'],
  stream_bidirectional_target_legs: ['both', 'self', 'opposite'],
  stream_bidirectional_sampling_rate: [8000, 16000, 22050, 24000, 48000],
  webhook_url_method: ['POST', 'GET'],
  record: ['record-from-answer'],
  record_channels: ['single', 'dual'],
  record_format: ['wav', 'mp3'],
  record_track: ['both', 'inbound', 'outbound'],
  record_trim: ['trim-silence'],
  supervisor_role: ['barge', 'whisper', 'monitor'],
  sip_region: ['US', 'Europe', 'Canada', 'Australia', 'Middle East'],
  /** The reference documents one value: "If supplied with the value self, the current leg will be parked". */
  park_after_unbridge: ['self'],
} as const;

type Enum<K extends keyof typeof dialEnums> = (typeof dialEnums)[K][number];

/** A SIP header as Call Control carries it. */
export interface DialSipHeader {
  readonly name: string;
  readonly value: string;
}

/** A configuration object whose fields the reference does not list; sent as given. */
export type DialConfigObject = Readonly<Record<string, unknown>>;

export interface DialParams {
  /** +E.164 or a SIP URI, or several of them. */
  readonly to: string | readonly string[];
  /** The caller id number, +E.164. */
  readonly from: string;
  /** The Call Control App's id. */
  readonly connection_id: string;
  readonly from_display_name?: string;
  readonly audio_url?: string;
  readonly media_name?: string;
  /** Comma-separated codec names in order of preference, e.g. "G722,PCMU,OPUS". */
  readonly preferred_codecs?: string;
  readonly timeout_secs?: number;
  readonly time_limit_secs?: number;
  readonly answering_machine_detection?: Enum<'answering_machine_detection'>;
  readonly answering_machine_detection_config?: DialConfigObject;
  readonly conference_config?: DialConfigObject;
  readonly custom_headers?: readonly DialSipHeader[];
  readonly billing_group_id?: string;
  /** Base64; echoed on every webhook of the call. */
  readonly client_state?: string;
  readonly command_id?: string;
  /** Another call's call_control_id, to share its call session. */
  readonly link_to?: string;
  readonly bridge_intent?: boolean;
  readonly bridge_on_answer?: boolean;
  readonly park_after_unbridge?: Enum<'park_after_unbridge'>;
  readonly media_encryption?: Enum<'media_encryption'>;
  readonly sip_auth_username?: string;
  readonly sip_auth_password?: string;
  /** Only User-to-User is supported by Telnyx. */
  readonly sip_headers?: readonly DialSipHeader[];
  readonly sip_transport_protocol?: Enum<'sip_transport_protocol'>;
  readonly sound_modifications?: DialConfigObject;
  readonly stream_url?: string;
  readonly stream_track?: Enum<'stream_track'>;
  readonly stream_codec?: Enum<'stream_codec'>;
  readonly stream_bidirectional_mode?: Enum<'stream_bidirectional_mode'>;
  readonly stream_bidirectional_codec?: Enum<'stream_bidirectional_codec'>;
  readonly stream_bidirectional_target_legs?: Enum<'stream_bidirectional_target_legs'>;
  readonly stream_bidirectional_sampling_rate?: Enum<'stream_bidirectional_sampling_rate'>;
  readonly stream_establish_before_call_originate?: boolean;
  readonly send_silence_when_idle?: boolean;
  readonly webhook_url?: string;
  readonly webhook_url_method?: Enum<'webhook_url_method'>;
  readonly record?: Enum<'record'>;
  readonly record_channels?: Enum<'record_channels'>;
  readonly record_format?: Enum<'record_format'>;
  readonly record_max_length?: number;
  readonly record_timeout_secs?: number;
  readonly record_track?: Enum<'record_track'>;
  readonly record_trim?: Enum<'record_trim'>;
  readonly record_custom_file_name?: string;
  readonly supervise_call_control_id?: string;
  readonly supervisor_role?: Enum<'supervisor_role'>;
  readonly enable_dialogflow?: boolean;
  readonly dialogflow_config?: DialConfigObject;
  readonly transcription?: boolean;
  readonly transcription_config?: DialConfigObject;
  readonly sip_region?: Enum<'sip_region'>;
}

/** The JSON body `dialCommand` returns and `dial` posts: the given fields, checked, with `to` normalised. */
export type DialBody = DialParams;

/** Telnyx's answer to a dial (`data` of the response). */
export interface DialedCall {
  readonly call_control_id: string;
  readonly call_leg_id: string;
  readonly call_session_id: string;
  readonly client_state?: string;
  readonly is_alive: boolean;
  readonly call_duration?: number;
  readonly record_type: 'call';
  readonly recording_id?: string;
  readonly start_time?: string;
  readonly end_time?: string;
}
