/**
 * A local stand-in of Call Control's dial endpoint (POST https://api.telnyx.com/v2/calls): it checks the
 * Bearer key and the body as the reference documents them, keeps every body it received, and answers in
 * Telnyx's shapes. A dial to a WebRTC credential (`sip:<login>@sip.telnyx.com`) rings that browser
 * through the signalling stand-in, carrying the new call_control_id.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HandsetError } from '@handset/core';
import { newTelnyxIds } from './ids';
import type { TelnyxStandIn } from './signalling';
import { checkClientState, checkHeaders } from './validate';

export interface CallControlStandInOptions {
  readonly port?: number;
  /** API keys accepted as `Authorization: Bearer <key>`. */
  readonly apiKeys: readonly string[];
  /** Call Control application ids accepted as `connection_id`. */
  readonly connectionIds: readonly string[];
  /** Where dials to a WebRTC credential ring; without it every dial to one is refused with 422. */
  readonly signalling?: TelnyxStandIn;
}

export interface DialRequest {
  readonly authorization: string | undefined;
  /** The JSON body exactly as received (null when it was not JSON). */
  readonly body: unknown;
  readonly status: number;
  readonly response: unknown;
}

export interface TelnyxError {
  readonly code: string;
  readonly title: string;
  readonly detail: string;
  readonly source?: { readonly pointer: string };
}

export interface CallControlStandIn {
  /** http://127.0.0.1:PORT; the endpoint is `${url}/v2/calls`. */
  readonly url: string;
  readonly requests: readonly DialRequest[];
  close(): Promise<void>;
}

const e164 = /^\+[1-9]\d{1,14}$/;
const sipUri = /^sips?:([^@\s]+)@([^\s;>]+)$/;
const displayName = /^[A-Za-z0-9 \-_~!.+]{1,128}$/;

class DialError extends Error {
  constructor(
    readonly status: number,
    readonly errors: TelnyxError[],
  ) {
    super(errors.map((each) => each.detail).join(' '));
  }
}

const invalid = (field: string, detail: string): TelnyxError => ({
  code: '10015',
  title: 'Invalid parameter',
  detail,
  source: { pointer: `/${field}` },
});

/** The body's problems, in Telnyx's error shape (all of them, as the API lists every invalid field). */
function bodyErrors(body: Record<string, unknown>, connectionIds: readonly string[]): TelnyxError[] {
  const errors: TelnyxError[] = [];
  const { to, from, connection_id: connectionId } = body;
  const targets = Array.isArray(to) ? to : [to];
  if (to === undefined)
    errors.push({ ...invalid('to', "The 'to' parameter is required."), code: '10004', title: 'Missing required parameter' });
  else if (targets.length === 0 || targets.some((target) => typeof target !== 'string' || !(e164.test(target) || sipUri.test(target)))) {
    errors.push(invalid('to', 'Must be a +E.164 number or a SIP URI, or an array of them.'));
  }
  if (from === undefined)
    errors.push({ ...invalid('from', "The 'from' parameter is required."), code: '10004', title: 'Missing required parameter' });
  else if (typeof from !== 'string' || !e164.test(from)) errors.push(invalid('from', 'The from number should be in +E164 format.'));
  if (connectionId === undefined)
    errors.push({
      ...invalid('connection_id', "The 'connection_id' parameter is required."),
      code: '10004',
      title: 'Missing required parameter',
    });
  else if (typeof connectionId !== 'string' || !connectionIds.includes(connectionId))
    errors.push(invalid('connection_id', 'Unknown Call Control App (connection_id).'));
  if (body.from_display_name !== undefined && (typeof body.from_display_name !== 'string' || !displayName.test(body.from_display_name))) {
    errors.push(invalid('from_display_name', 'At most 128 letters, numbers, spaces and -_~!.+ characters.'));
  }
  const range = (field: string, min: number, max: number) => {
    const value = body[field];
    if (value !== undefined && (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max)) {
      errors.push(invalid(field, `Must be a whole number from ${min} to ${max}.`));
    }
  };
  range('timeout_secs', 5, 600);
  range('time_limit_secs', 30, 14_400);
  for (const [field, check] of [
    ['client_state', () => checkClientState(body.client_state, 'client_state')],
    ['custom_headers', () => checkHeaders(body.custom_headers, 'custom_headers')],
  ] as const) {
    try {
      check();
    } catch (cause) {
      errors.push(invalid(field, cause instanceof HandsetError ? cause.message : String(cause)));
    }
  }
  return errors;
}

async function readJson(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    return null;
  }
}

export async function startCallControlStandIn(options: CallControlStandInOptions): Promise<CallControlStandIn> {
  const requests: DialRequest[] = [];

  const dial = async (authorization: string | undefined, body: unknown) => {
    const key = authorization?.match(/^Bearer (.+)$/)?.[1];
    if (!key || !options.apiKeys.includes(key)) {
      throw new DialError(401, [{ code: '10009', title: 'Authentication failed', detail: 'The API key provided is invalid or missing.' }]);
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      throw new DialError(422, [
        { code: '10015', title: 'Invalid parameter', detail: 'The request body must be a JSON object.', source: { pointer: '/' } },
      ]);
    }
    const fields = body as Record<string, unknown>;
    const errors = bodyErrors(fields, options.connectionIds);
    if (errors.length > 0) throw new DialError(422, errors);
    const ids = newTelnyxIds();
    const target = (Array.isArray(fields.to) ? fields.to[0] : fields.to) as string;
    const login = target.match(sipUri)?.[1];
    if (login === undefined || !options.signalling) {
      throw new DialError(422, [invalid('to', 'The stand-in can only reach a logged-in WebRTC credential, sip:<login>@sip.telnyx.com.')]);
    }
    try {
      await options.signalling.placeIncoming({
        to: login,
        callerNumber: fields.from as string,
        callerName: (fields.from_display_name as string | undefined) ?? (fields.from as string),
        headers: (fields.custom_headers as { name: string; value: string }[] | undefined) ?? [],
        ...(typeof fields.client_state === 'string' ? { clientState: fields.client_state } : {}),
        ids,
      });
    } catch (cause) {
      throw new DialError(422, [invalid('to', `Cannot reach ${target}: ${cause instanceof Error ? cause.message : String(cause)}`)]);
    }
    return {
      data: {
        call_control_id: ids.telnyxCallControlId,
        call_leg_id: ids.telnyxLegId,
        call_session_id: ids.telnyxSessionId,
        ...(typeof fields.client_state === 'string' ? { client_state: fields.client_state } : {}),
        is_alive: true,
        call_duration: 0,
        record_type: 'call',
        start_time: new Date().toISOString(),
      },
    };
  };

  const respond = (response: ServerResponse, status: number, payload: unknown) => {
    response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(payload));
  };

  const server = createServer((request, response) => {
    if (request.method !== 'POST' || request.url?.split('?')[0] !== '/v2/calls') {
      respond(response, 404, {
        errors: [{ code: '10005', title: 'Resource not found', detail: 'The stand-in only serves POST /v2/calls.' }],
      });
      return;
    }
    const authorization = request.headers.authorization;
    void readJson(request).then(async (body) => {
      let status = 200;
      let payload: unknown;
      try {
        payload = await dial(authorization, body);
      } catch (cause) {
        const failure =
          cause instanceof DialError ? cause : new DialError(500, [{ code: '10007', title: 'Unexpected error', detail: String(cause) }]);
        status = failure.status;
        payload = { errors: failure.errors };
      }
      requests.push({ authorization, body, status, response: payload });
      respond(response, status, payload);
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
