/**
 * `dialCommand(params)`: the body of Call Control's dial (POST /v2/calls), every field checked against
 * Telnyx's reference before anything is sent. The first bad field throws a typed `HandsetError`.
 */
import { HandsetError } from '@handset/core';
import { boolean, describe, type FieldCheck, integerIn, oneOf, plainObject, text, textOfLength, urlWith, uuid } from './checks';
import { asCallOption, customHeaders, destinations, preferredCodecs, sipHeaders, transcriptionConfig } from './coreRules';
import { type DialBody, type DialParams, dialEnums } from './params';

/** The largest integer<int32>: the reference gives record_timeout_secs a minimum and no maximum. */
const int32Max = 2_147_483_647;

/** Every field of the reference and its rule; a name not here is refused as a typo, as the browser does. */
const rules: Readonly<Record<keyof DialParams, FieldCheck>> = {
  // Shared with the browser (@handset/core), under Call Control's names.
  to: destinations,
  from: asCallOption('callerNumber'),
  from_display_name: asCallOption('callerName'),
  timeout_secs: asCallOption('timeoutSecs'),
  time_limit_secs: asCallOption('timeLimitSecs'),
  client_state: asCallOption('clientState'),
  custom_headers: customHeaders,
  sip_headers: sipHeaders,
  preferred_codecs: preferredCodecs,
  link_to: asCallOption('telnyxCallControlId'),
  supervise_call_control_id: asCallOption('telnyxCallControlId'),
  transcription_config: transcriptionConfig,
  // Call Control's own.
  connection_id: text,
  command_id: text,
  billing_group_id: uuid,
  audio_url: urlWith('http', 'https'),
  media_name: text,
  webhook_url: urlWith('http', 'https'),
  stream_url: urlWith('ws', 'wss'),
  sip_auth_username: text,
  sip_auth_password: text,
  record_custom_file_name: textOfLength(1, 40),
  record_max_length: integerIn(0, 43_200),
  record_timeout_secs: integerIn(0, int32Max),
  bridge_intent: boolean,
  bridge_on_answer: boolean,
  stream_establish_before_call_originate: boolean,
  send_silence_when_idle: boolean,
  enable_dialogflow: boolean,
  transcription: boolean,
  answering_machine_detection_config: plainObject,
  conference_config: plainObject,
  sound_modifications: plainObject,
  dialogflow_config: plainObject,
  answering_machine_detection: oneOf(dialEnums.answering_machine_detection),
  media_encryption: oneOf(dialEnums.media_encryption),
  sip_transport_protocol: oneOf(dialEnums.sip_transport_protocol),
  stream_track: oneOf(dialEnums.stream_track),
  stream_codec: oneOf(dialEnums.stream_codec),
  stream_bidirectional_mode: oneOf(dialEnums.stream_bidirectional_mode),
  stream_bidirectional_codec: oneOf(dialEnums.stream_bidirectional_codec),
  stream_bidirectional_target_legs: oneOf(dialEnums.stream_bidirectional_target_legs),
  stream_bidirectional_sampling_rate: oneOf(dialEnums.stream_bidirectional_sampling_rate),
  webhook_url_method: oneOf(dialEnums.webhook_url_method),
  record: oneOf(dialEnums.record),
  record_channels: oneOf(dialEnums.record_channels),
  record_format: oneOf(dialEnums.record_format),
  record_track: oneOf(dialEnums.record_track),
  record_trim: oneOf(dialEnums.record_trim),
  supervisor_role: oneOf(dialEnums.supervisor_role),
  sip_region: oneOf(dialEnums.sip_region),
  park_after_unbridge: oneOf(dialEnums.park_after_unbridge),
};

const required = {
  to: ['invalid-destination', 'the +E.164 number or sip: URI to dial'],
  from: ['invalid-caller-number', 'the caller id number, +E.164 such as +14155550123'],
  connection_id: ['invalid-option', "the Call Control App's id"],
} as const;

/** The rules between fields that the reference states. */
function checkCombinations(body: Partial<Record<keyof DialParams, unknown>>): void {
  if (body.media_name !== undefined && body.audio_url !== undefined) {
    throw new HandsetError('invalid-option', 'media_name and audio_url cannot be used together in one request: give one of them.');
  }
  for (const field of ['bridge_intent', 'bridge_on_answer', 'park_after_unbridge'] as const) {
    const set = field === 'park_after_unbridge' ? body[field] !== undefined : body[field] === true;
    if (set && body.link_to === undefined) {
      throw new HandsetError(
        'invalid-option',
        `${field} ${field === 'park_after_unbridge' ? 'is set' : 'is true'}, so link_to is required: give the call_control_id of the call to link to.`,
      );
    }
  }
}

/** Checks every field and returns the JSON body to post to /v2/calls (undefined fields left out, `to` normalised). */
export function dialCommand(params: DialParams): DialBody {
  if (typeof params !== 'object' || params === null || Array.isArray(params)) {
    throw new HandsetError('invalid-option', `The dial params must be an object of Call Control fields; got ${describe(params)}.`);
  }
  const body: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(params)) {
    const rule = Object.hasOwn(rules, field) ? rules[field as keyof DialParams] : undefined;
    if (!rule) throw new HandsetError('invalid-option', `Unknown dial field "${field}": check its spelling against Telnyx's reference.`);
    if (value !== undefined) body[field] = rule(value, field);
  }
  for (const [field, [code, what]] of Object.entries(required)) {
    if (body[field] === undefined) throw new HandsetError(code, `${field} is required: ${what}.`);
  }
  checkCombinations(body);
  return body as unknown as DialBody;
}
