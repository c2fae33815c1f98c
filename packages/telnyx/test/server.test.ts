/**
 * `@handset/telnyx/server`: the Call Control dial's rule table (every bad field refused with a typed
 * HandsetError before any request reaches the Call Control stand-in) and Telnyx's error responses mapped
 * to HandsetErrors, over real HTTP on 127.0.0.1.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createPhone, type HandsetError, isHandsetError, type Phone } from '@handset/core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { telnyx } from '../src/index';
import { type DialParams, dial, dialCommand, dialEnums, type TelnyxErrorResponse } from '../src/server/index';
import { errorFromResponse, fieldOf } from '../src/server/telnyxErrors';
import { type CallControlStandIn, startCallControlStandIn } from '../src/stand-in/index';

const apiKey = 'KEY0123';
const connectionId = '1684641123236054244';
const valid = { to: 'sip:handset@sip.telnyx.com', from: '+15550009999', connection_id: connectionId } as const;
const uuid = 'f5586561-8ff0-4291-a0ac-84fe544797bd';

/** Every field of Telnyx's dial reference, each with a value it accepts (audio_url stands in for media_name, they exclude each other). */
const everyField = {
  ...valid,
  from_display_name: 'Company Name',
  audio_url: 'http://example.com/message.wav',
  preferred_codecs: 'G722,PCMU,PCMA,G729,OPUS,VP8,H264',
  timeout_secs: 60,
  time_limit_secs: 600,
  answering_machine_detection: 'detect_beep',
  answering_machine_detection_config: { total_analysis_time_millis: 5000 },
  conference_config: { id: 'conf-1' },
  custom_headers: [
    { name: 'head_1', value: 'val_1' },
    { name: 'X-Head-2', value: 'val_2' },
  ],
  billing_group_id: uuid,
  client_state: 'aGF2ZSBhIG5pY2UgZGF5ID1d',
  command_id: '891510ac-f3e4-11e8-af5b-de00688a4901',
  link_to: 'ilditnZK_eVysupV21KzmzN_sM29ygfauQojpm4BgFtfX5hXAcjotg==',
  bridge_intent: true,
  bridge_on_answer: true,
  park_after_unbridge: 'self',
  media_encryption: 'SRTP',
  sip_auth_username: 'user',
  sip_auth_password: 'secret',
  sip_headers: [{ name: 'User-to-User', value: 'value' }],
  sip_transport_protocol: 'TLS',
  sound_modifications: { pitch: '0.8', semitone: -2, octaves: 0.1, track: 'both' },
  stream_url: 'wss://www.example.com/websocket',
  stream_track: 'both_tracks',
  stream_codec: 'PCMA',
  stream_bidirectional_mode: 'rtp',
  stream_bidirectional_codec: 'G722',
  stream_bidirectional_target_legs: 'both',
  stream_bidirectional_sampling_rate: 16000,
  stream_establish_before_call_originate: true,
  send_silence_when_idle: true,
  webhook_url: 'https://www.example.com/server-b/',
  webhook_url_method: 'GET',
  record: 'record-from-answer',
  record_channels: 'single',
  record_format: 'wav',
  record_max_length: 1000,
  record_timeout_secs: 100,
  record_track: 'outbound',
  record_trim: 'trim-silence',
  record_custom_file_name: 'my_recording_file_name',
  supervise_call_control_id: 'v3:MdI91X4lWFEs7IgbBEOT9M4AigoY08M0WWZFISt1Yw2axZ_IiE4pqg',
  supervisor_role: 'whisper',
  enable_dialogflow: true,
  dialogflow_config: { analyze_sentiment: false },
  transcription: true,
  transcription_config: { language: 'en', client_state: 'aGF2ZSBhIG5pY2UgZGF5ID1d', command_id: '891510ac' },
  sip_region: 'Canada',
} as const satisfies DialParams;

/** The reference's field names, read off the reference page (52, media_name included). */
const referenceFields = [...Object.keys(everyField), 'media_name'];

type Row = readonly [what: string, params: Record<string, unknown>, code: string, message: RegExp];
const enumFields = Object.keys(dialEnums) as (keyof typeof dialEnums)[];
const booleanFields = [
  'bridge_intent',
  'bridge_on_answer',
  'stream_establish_before_call_originate',
  'send_silence_when_idle',
  'enable_dialogflow',
  'transcription',
];
const objectFields = [
  'answering_machine_detection_config',
  'conference_config',
  'sound_modifications',
  'dialogflow_config',
  'transcription_config',
];

/** Each bad field (or combination) with the typed error it gets. */
const rules: readonly Row[] = [
  ['to missing', { to: undefined }, 'invalid-destination', /^to is required/],
  ['to empty', { to: '' }, 'invalid-destination', /^to: The destination is empty/],
  ['to without +', { to: '4155550123' }, 'invalid-destination', /^to: "4155550123" is not a number/],
  ['to a SIP URI with a space', { to: 'sip:bad user@sip.telnyx.com' }, 'invalid-destination', /not a valid SIP URI/],
  ['to not a string', { to: 15550001111 }, 'invalid-destination', /^to: /],
  ['to an empty array', { to: [] }, 'invalid-destination', /^to is an empty array/],
  ['to with one bad entry', { to: ['+14155550123', 'nope'] }, 'invalid-destination', /^to\[1\]: "nope"/],
  ['from missing', { from: undefined }, 'invalid-caller-number', /^from is required/],
  ['from without +', { from: '15550009999' }, 'invalid-caller-number', /^from must be E\.164/],
  ['from a SIP URI', { from: 'sip:a@b.com' }, 'invalid-caller-number', /^from must be E\.164/],
  ['connection_id missing', { connection_id: undefined }, 'invalid-option', /^connection_id is required/],
  ['connection_id empty', { connection_id: '' }, 'invalid-option', /^connection_id must be a non-empty string/],
  ['connection_id a number', { connection_id: 1684641123 }, 'invalid-option', /^connection_id must be/],
  [
    'from_display_name of 129 characters',
    { from_display_name: 'a'.repeat(129) },
    'invalid-caller-name',
    /^from_display_name must be 1-128/,
  ],
  ['from_display_name with markup', { from_display_name: 'Bob <b>' }, 'invalid-caller-name', /^from_display_name/],
  ['from_display_name with a line break', { from_display_name: 'Two\nLines' }, 'invalid-caller-name', /^from_display_name/],
  ['from_display_name empty', { from_display_name: '' }, 'invalid-caller-name', /^from_display_name/],
  ['timeout_secs 4', { timeout_secs: 4 }, 'invalid-option', /^timeout_secs must be a whole number from 5 to 600; got 4\.$/],
  ['timeout_secs 601', { timeout_secs: 601 }, 'invalid-option', /^timeout_secs must be a whole number from 5 to 600/],
  ['timeout_secs 30.5', { timeout_secs: 30.5 }, 'invalid-option', /^timeout_secs/],
  ['timeout_secs as text', { timeout_secs: '30' }, 'invalid-option', /^timeout_secs/],
  ['time_limit_secs 29', { time_limit_secs: 29 }, 'invalid-option', /^time_limit_secs must be a whole number from 30 to 14400/],
  ['time_limit_secs 14401', { time_limit_secs: 14_401 }, 'invalid-option', /^time_limit_secs/],
  ['client_state not base64', { client_state: 'not base64!' }, 'invalid-client-state', /^client_state must be non-empty base64/],
  ['client_state badly padded', { client_state: 'abc' }, 'invalid-client-state', /^client_state/],
  ['client_state empty', { client_state: '' }, 'invalid-client-state', /^client_state/],
  [
    'record_custom_file_name empty',
    { record_custom_file_name: '' },
    'invalid-option',
    /^record_custom_file_name must be a string of 1 to 40/,
  ],
  ['record_custom_file_name of 41 characters', { record_custom_file_name: 'f'.repeat(41) }, 'invalid-option', /^record_custom_file_name/],
  [
    'media_name with audio_url',
    { media_name: 'greeting', audio_url: 'https://example.com/a.mp3' },
    'invalid-option',
    /media_name and audio_url cannot be used together/,
  ],
  ['media_name empty', { media_name: '' }, 'invalid-option', /^media_name/],
  ['bridge_intent without link_to', { bridge_intent: true }, 'invalid-option', /^bridge_intent is true, so link_to is required/],
  ['bridge_on_answer without link_to', { bridge_on_answer: true }, 'invalid-option', /^bridge_on_answer is true, so link_to is required/],
  [
    'park_after_unbridge without link_to',
    { park_after_unbridge: 'self' },
    'invalid-option',
    /^park_after_unbridge is set, so link_to is required/,
  ],
  ['link_to empty', { link_to: '' }, 'invalid-option', /^link_to must be a non-empty string/],
  ['supervise_call_control_id a number', { supervise_call_control_id: 42 }, 'invalid-option', /^supervise_call_control_id/],
  ['custom_headers as a record', { custom_headers: { 'X-A': '1' } }, 'invalid-header', /^custom_headers must be an array/],
  [
    'custom_headers name with a space',
    { custom_headers: [{ name: 'Bad Name', value: '1' }] },
    'invalid-header',
    /^custom_headers\[0\]: header name "Bad Name"/,
  ],
  [
    'custom_headers value with CR LF',
    { custom_headers: [{ name: 'head_1', value: 'a\r\nVia: evil' }] },
    'invalid-header',
    /^custom_headers: the value of head_1 must be one line/,
  ],
  ['custom_headers value over 1024', { custom_headers: [{ name: 'X-Big', value: 'v'.repeat(1025) }] }, 'invalid-header', /limit is 1024/],
  ['custom_headers value missing', { custom_headers: [{ name: 'X-A' }] }, 'invalid-header', /the value of X-A/],
  [
    'sip_headers other than User-to-User',
    { sip_headers: [{ name: 'X-Other', value: 'v' }] },
    'invalid-header',
    /only the User-to-User header/,
  ],
  ['sip_headers value with LF', { sip_headers: [{ name: 'User-to-User', value: 'a\nb' }] }, 'invalid-header', /^sip_headers: the value/],
  ['preferred_codecs as an array', { preferred_codecs: ['G722'] }, 'invalid-option', /^preferred_codecs must be a comma-separated string/],
  ['preferred_codecs with an empty name', { preferred_codecs: 'G722,,PCMU' }, 'invalid-option', /^preferred_codecs/],
  ['billing_group_id not a UUID', { billing_group_id: 'group-1' }, 'invalid-option', /^billing_group_id must be a UUID/],
  ['audio_url not http(s)', { audio_url: 'ftp://example.com/a.wav' }, 'invalid-option', /^audio_url must be an absolute http or https URL/],
  ['audio_url not a URL', { audio_url: 'message.wav' }, 'invalid-option', /^audio_url/],
  ['webhook_url a WebSocket', { webhook_url: 'wss://example.com/' }, 'invalid-option', /^webhook_url/],
  ['stream_url not a WebSocket', { stream_url: 'https://example.com/' }, 'invalid-option', /^stream_url must be an absolute ws or wss URL/],
  ['record_max_length 43201', { record_max_length: 43_201 }, 'invalid-option', /^record_max_length must be a whole number from 0 to 43200/],
  ['record_max_length -1', { record_max_length: -1 }, 'invalid-option', /^record_max_length/],
  ['record_timeout_secs -1', { record_timeout_secs: -1 }, 'invalid-option', /^record_timeout_secs/],
  ['record_timeout_secs beyond int32', { record_timeout_secs: 2 ** 31 }, 'invalid-option', /^record_timeout_secs/],
  ['command_id empty', { command_id: '' }, 'invalid-option', /^command_id/],
  ['sip_auth_username empty', { sip_auth_username: '' }, 'invalid-option', /^sip_auth_username/],
  ['sip_auth_password a number', { sip_auth_password: 1234 }, 'invalid-option', /^sip_auth_password/],
  [
    'transcription_config.client_state not base64',
    { transcription_config: { client_state: '%%' } },
    'invalid-client-state',
    /^transcription_config\.client_state must be non-empty base64/,
  ],
  [
    'media_encryption in the wrong case',
    { media_encryption: 'srtp' },
    'invalid-option',
    /^media_encryption must be one of "disabled", "SRTP", "DTLS"/,
  ],
  [
    'park_after_unbridge other than self',
    { park_after_unbridge: 'other', link_to: 'v3:abc' },
    'invalid-option',
    /^park_after_unbridge must be one of "self"/,
  ],
  ['a misspelt field', { timeout: 30 }, 'invalid-option', /^Unknown dial field "timeout"/],
  ['an inherited name', { toString: 'x' }, 'invalid-option', /^Unknown dial field "toString"/],
  ...enumFields.map(
    (field): Row => [
      `${field} off its enum`,
      { [field]: field.endsWith('sampling_rate') ? 11_025 : 'nope' },
      'invalid-option',
      new RegExp(`^${field} must be one of`),
    ],
  ),
  ...booleanFields.map(
    (field): Row => [
      `${field} as text`,
      { [field]: 'true', link_to: 'v3:abc' },
      'invalid-option',
      new RegExp(`^${field} must be true or false`),
    ],
  ),
  ...objectFields.map(
    (field): Row => [`${field} not an object`, { [field]: ['x'] }, 'invalid-option', new RegExp(`^${field} must be an object`)],
  ),
];

const paramsOf = (row: Row) => ({ ...valid, ...row[1] }) as unknown as DialParams;

function refusal(action: () => unknown): HandsetError {
  try {
    action();
  } catch (error) {
    if (isHandsetError(error)) return error;
    throw error;
  }
  throw new Error('expected a HandsetError');
}

async function rejection(action: () => Promise<unknown>): Promise<HandsetError> {
  try {
    await action();
  } catch (error) {
    if (isHandsetError(error)) return error;
    throw error;
  }
  throw new Error('expected a HandsetError');
}

describe('dialCommand: the rule table', () => {
  it('accepts every field of the reference, and sends each exactly as given', () => {
    expect(dialCommand(everyField)).toEqual(everyField);
    const { audio_url: _audio, ...withMedia } = everyField;
    expect(dialCommand({ ...withMedia, media_name: 'my_media_uploaded_to_media_storage_api' })).toMatchObject({
      media_name: 'my_media_uploaded_to_media_storage_api',
    });
  });

  it('has a refusing rule for every field of the reference', () => {
    expect(referenceFields).toHaveLength(52);
    const refused = new Set(rules.flatMap(([, params]) => Object.keys(params)));
    expect(referenceFields.filter((field) => !refused.has(field))).toEqual([]);
  });

  it.each(rules.map((row) => [row[0], row] as const))('refuses %s', (_what, row) => {
    const error = refusal(() => dialCommand(paramsOf(row)));
    expect({ code: error.code, message: error.message }).toMatchObject({ code: row[2], message: expect.stringMatching(row[3]) });
  });

  it('accepts the bounds of every range', () => {
    const bounds = [
      { timeout_secs: 5 },
      { timeout_secs: 600 },
      { time_limit_secs: 30 },
      { time_limit_secs: 14_400 },
      { from_display_name: 'a'.repeat(128) },
      { from_display_name: 'Zoë -_~!.+ 42' },
      { record_custom_file_name: 'f' },
      { record_custom_file_name: 'f'.repeat(40) },
      { record_max_length: 0 },
      { record_max_length: 43_200 },
      { record_timeout_secs: 0 },
      { to: ['+14155550123', 'sip:alice@example.com'] },
    ];
    for (const bound of bounds) expect(dialCommand({ ...valid, ...bound })).toMatchObject(bound);
  });

  it('normalises destinations as the browser does, and leaves undefined fields out', () => {
    expect(dialCommand({ ...valid, to: ' +1 (415) 555-0123 ', timeout_secs: undefined })).toEqual({ ...valid, to: '+14155550123' });
    expect(dialCommand({ ...valid, to: ['+44 20 7946 0958', 'sip:bob@example.com'] }).to).toEqual(['+442079460958', 'sip:bob@example.com']);
  });

  it('shares its errors with the browser: the core error is the cause', () => {
    const error = refusal(() => dialCommand({ ...valid, from_display_name: 'x'.repeat(200) }));
    expect(error.cause).toMatchObject({ code: 'invalid-caller-name', message: expect.stringMatching(/^callerName must be 1-128/) });
    expect(error.message).toContain('from_display_name');
  });

  it('refuses params that are not an object', () => {
    expect(refusal(() => dialCommand(null as unknown as DialParams)).code).toBe('invalid-option');
    expect(refusal(() => dialCommand([] as unknown as DialParams)).code).toBe('invalid-option');
  });
});

/**
 * Each dial field the browser also has, with a value Call Control refuses, and that same value given to the browser:
 * `phone.call()` on a Telnyx line (not connected: its checks come before anything else) refuses it with the same code.
 * (Not a national number for `to`: the Telnyx line also dials credential usernames, letters and digits, which `to` does not take.)
 */
const sharedRules: readonly (readonly [field: string, params: Record<string, unknown>, browser: (phone: Phone) => unknown])[] = [
  ['to', { to: 'sip:bad user@sip.telnyx.com' }, (phone) => phone.call('sip:bad user@sip.telnyx.com')],
  ['from', { from: '15550009999' }, (phone) => phone.call('+14155550123', { callerNumber: '15550009999' })],
  ['from_display_name', { from_display_name: 'Bob <b>' }, (phone) => phone.call('+14155550123', { callerName: 'Bob <b>' })],
  ['timeout_secs', { timeout_secs: 4 }, (phone) => phone.call('+14155550123', { timeoutSecs: 4 })],
  ['time_limit_secs', { time_limit_secs: 29 }, (phone) => phone.call('+14155550123', { timeLimitSecs: 29 })],
  ['client_state', { client_state: 'not base64!' }, (phone) => phone.call('+14155550123', { clientState: 'not base64!' })],
  [
    'custom_headers',
    { custom_headers: [{ name: 'X-Id', value: '1\r\nBYE' }] },
    (phone) => phone.call('+14155550123', { customHeaders: [{ name: 'X-Id', value: '1\r\nBYE' }] }),
  ],
  [
    'sip_headers',
    { sip_headers: [{ name: 'User-to-User', value: 'a\nb' }] },
    (phone) => phone.call('+14155550123', { customHeaders: { 'User-to-User': 'a\nb' } }),
  ],
  [
    'preferred_codecs',
    { preferred_codecs: 'PCMU,bad codec!' },
    (phone) => phone.call('+14155550123', { preferredCodecs: ['PCMU', 'bad codec!'] }),
  ],
];

describe('one source of rules with the browser', () => {
  it.each(sharedRules)('%s: refused with the code phone.call() on the Telnyx line gives the same value', (_field, params, browser) => {
    const phone = createPhone({ line: telnyx({ loginToken: 'token-1' }) });
    const server = refusal(() => dialCommand({ ...valid, ...params }));
    const inBrowser = refusal(() => browser(phone));
    expect(server.code).toBe(inBrowser.code);
    expect(server.code).not.toBe('not-connected');
    phone.dispose();
  });
});

describe('dial against the Call Control stand-in', () => {
  let callControl: CallControlStandIn;
  let baseUrl: string;
  beforeAll(async () => {
    // No signalling stand-in: a dial that passes every check is answered 422 on `to` (nobody to ring).
    callControl = await startCallControlStandIn({ apiKeys: [apiKey], connectionIds: [connectionId] });
    baseUrl = `${callControl.url}/v2`;
  });
  afterAll(() => callControl.close());
  beforeEach(() => {
    (callControl.requests as unknown[]).length = 0;
  });

  it('refuses every bad field with a typed error before any request', async () => {
    for (const row of rules) {
      const error = await rejection(() => dial(paramsOf(row), { apiKey, baseUrl }));
      expect({ what: row[0], code: error.code }).toEqual({ what: row[0], code: row[2] });
    }
    expect(callControl.requests).toHaveLength(0);
    // The same server does receive a dial that passes (the stand-in then has nobody to ring).
    await rejection(() => dial(valid, { apiKey, baseUrl }));
    expect(callControl.requests).toHaveLength(1);
  });

  it('refuses a config that could not work before any request, without echoing the key', async () => {
    const configs = [
      [{ apiKey: '' }, /^apiKey must be/],
      [{ apiKey: 'KEY with space' }, /^apiKey must be/],
      [{ apiKey, baseUrl: 'ftp://api.telnyx.com/v2' }, /^baseUrl must be an absolute http\(s\) URL/],
      [{ apiKey, baseUrl: 'api.telnyx.com' }, /^baseUrl/],
      [{ apiKey, fetch: 'fetch' }, /^fetch must be a function/],
    ] as const;
    for (const [config, message] of configs) {
      const error = await rejection(() => dial(valid, config as never));
      expect(error.code).toBe('invalid-option');
      expect(error.message).toMatch(message);
      expect(error.message).not.toContain('KEY with space');
    }
    expect(callControl.requests).toHaveLength(0);
  });

  it('posts exactly the body dialCommand builds, with the Bearer key, through the given fetch', async () => {
    const params = { ...everyField, to: '+1 555 000 1234' } satisfies DialParams;
    const seen: string[] = [];
    const recordingFetch: typeof fetch = (input, init) => {
      seen.push(`${init?.method} ${String(input)}`);
      return fetch(input, init);
    };
    await rejection(() => dial(params, { apiKey, baseUrl: `${baseUrl}/`, fetch: recordingFetch }));
    expect(seen).toEqual([`POST ${callControl.url}/v2/calls`]);
    expect(callControl.requests).toHaveLength(1);
    const [received] = callControl.requests;
    expect(received?.authorization).toBe(`Bearer ${apiKey}`);
    expect(received?.body).toEqual(dialCommand(params));
    expect(received?.body).toMatchObject({ to: '+15550001234' });
  });

  it('maps 401 to invalid-token with Telnyx code, never echoing the key', async () => {
    const error = await rejection(() => dial(valid, { apiKey: 'WRONG-KEY', baseUrl }));
    expect(error).toMatchObject({ code: 'invalid-token', providerCode: '10009' });
    expect(error.message).toBe('Telnyx Call Control refused the API key (HTTP 401): The API key provided is invalid or missing. (10009).');
    expect(error.cause).toMatchObject({ status: 401, errors: [{ code: '10009', title: 'Authentication failed' }] });
  });

  it('maps 422 by the field in source.pointer, to the code the builder gives that field', async () => {
    const unknownApp = await rejection(() => dial({ ...valid, connection_id: 'no-such-app' }, { apiKey, baseUrl }));
    expect(unknownApp).toMatchObject({ code: 'invalid-option', providerCode: '10015' });
    expect(unknownApp.message).toBe(
      'Telnyx Call Control refused the dial (HTTP 422): connection_id: Unknown Call Control App (connection_id). (10015).',
    );

    const unreachable = await rejection(() => dial({ ...valid, to: '+15550001234' }, { apiKey, baseUrl }));
    expect(unreachable).toMatchObject({ code: 'invalid-destination', providerCode: '10015' });
    expect(unreachable.message).toMatch(/^Telnyx Call Control refused the dial \(HTTP 422\): to: The stand-in can only reach/);

    // The core reads "letters" as any script's; the stand-in (like Telnyx's examples) as A-Z only: Telnyx has the last word.
    const name = await rejection(() => dial({ ...valid, from_display_name: 'Zoë Support' }, { apiKey, baseUrl }));
    expect(name).toMatchObject({ code: 'invalid-caller-name', providerCode: '10015' });
    expect(name.message).toMatch(/: from_display_name: At most 128 letters/);
    expect(callControl.requests.map((request) => request.status)).toEqual([422, 422, 422]);
  });

  it('maps 404 (a wrong baseUrl) to line-error', async () => {
    const error = await rejection(() => dial(valid, { apiKey, baseUrl: `${callControl.url}/v1` }));
    expect(error).toMatchObject({ code: 'line-error', providerCode: '10005' });
    expect(error.message).toMatch(/^Telnyx Call Control found no such resource \(HTTP 404\)/);
  });
});

describe("dial and Telnyx's other answers", () => {
  /** A local HTTP server answering each dial with the next of the given responses. */
  let server: Server;
  let baseUrl: string;
  const answers: { status: number; headers?: Record<string, string>; body: string }[] = [];
  beforeAll(async () => {
    server = createServer((request, response) => {
      request.resume();
      const answer = answers.shift() ?? { status: 500, body: '' };
      response.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers }).end(answer.body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v2`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const telnyx = (code: string, title: string, detail: string) => JSON.stringify({ errors: [{ code, title, detail }] });

  it('maps 403, 429 (with Retry-After) and 5xx to line-error with Telnyx code', async () => {
    answers.push(
      { status: 403, body: telnyx('10010', 'Forbidden', 'The account is not allowed to dial.') },
      { status: 429, headers: { 'retry-after': '7' }, body: telnyx('10011', 'Too many requests', 'Slow down.') },
      { status: 503, body: telnyx('10007', 'Unexpected error', 'Try again later.') },
    );
    const forbidden = await rejection(() => dial(valid, { apiKey, baseUrl }));
    expect(forbidden).toMatchObject({ code: 'line-error', providerCode: '10010' });
    expect(forbidden.message).toBe(
      'Telnyx Call Control does not allow this API key to dial (HTTP 403): The account is not allowed to dial. (10010).',
    );
    const limited = await rejection(() => dial(valid, { apiKey, baseUrl }));
    expect(limited).toMatchObject({ code: 'line-error', providerCode: '10011' });
    expect(limited.message).toMatch(/is rate limiting this API key \(HTTP 429\): Slow down\. \(10011\)\. Retry after 7 s\.$/);
    const failing = await rejection(() => dial(valid, { apiKey, baseUrl }));
    expect(failing).toMatchObject({ code: 'line-error', providerCode: '10007' });
    expect(failing.message).toMatch(/failed on its side \(HTTP 503\): Try again later\./);
  });

  it('keeps a body that is not Telnyx JSON, and refuses a 200 without a call_control_id', async () => {
    answers.push(
      { status: 502, headers: { 'content-type': 'text/html' }, body: '<html>Bad gateway</html>' },
      { status: 200, body: '{"data":{}}' },
    );
    const gateway = await rejection(() => dial(valid, { apiKey, baseUrl }));
    expect(gateway).toMatchObject({ code: 'line-error', message: expect.stringContaining('(HTTP 502): no Telnyx error body') });
    expect(gateway.providerCode).toBeUndefined();
    expect(gateway.cause).toEqual({ status: 502, errors: [], body: '<html>Bad gateway</html>' });
    const empty = await rejection(() => dial(valid, { apiKey, baseUrl }));
    expect(empty).toMatchObject({ code: 'line-error', message: 'Telnyx Call Control answered HTTP 200 without data.call_control_id.' });
  });

  it('maps an unreachable server to line-error with the network error as cause', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const error = await rejection(() => dial(valid, { apiKey, baseUrl: `http://127.0.0.1:${port}/v2` }));
    expect(error.code).toBe('line-error');
    expect(error.message).toMatch(new RegExp(`^Could not reach Telnyx Call Control at http://127\\.0\\.0\\.1:${port}/v2/calls`));
    expect(error.cause).toBeInstanceOf(Error);
  });
});

describe('Telnyx error responses', () => {
  it('names fields from JSON pointers', () => {
    expect(fieldOf('/from_display_name')).toBe('from_display_name');
    expect(fieldOf('/custom_headers/0/name')).toBe('custom_headers[0].name');
    expect(fieldOf('/a~1b/c~0d')).toBe('a/b.c~d');
    expect(fieldOf('/')).toBe('');
  });

  it('picks the code of the first field with a pointer, and lists every error', () => {
    const response: TelnyxErrorResponse = {
      status: 422,
      errors: [
        { code: '10015', title: 'Invalid parameter', detail: 'Bad header.', source: { pointer: '/custom_headers/1/value' } },
        { code: '10015', title: 'Invalid parameter', detail: 'Too short.', source: { pointer: '/timeout_secs' } },
      ],
    };
    const error = errorFromResponse(response);
    expect(error).toMatchObject({ code: 'invalid-header', providerCode: '10015', cause: response });
    expect(error.message).toBe(
      'Telnyx Call Control refused the dial (HTTP 422): custom_headers[1].value: Bad header. (10015); timeout_secs: Too short. (10015).',
    );
    expect(errorFromResponse({ status: 400, errors: [{ title: 'Bad request' }] })).toMatchObject({
      code: 'invalid-option',
      message: 'Telnyx Call Control refused the dial request (HTTP 400): Bad request.',
    });
    expect(errorFromResponse({ status: 429, errors: [] }, 'Wed, 02 Dec 2026 04:00:00 GMT').message).toMatch(
      /Retry after Wed, 02 Dec 2026 04:00:00 GMT\.$/,
    );
  });
});
