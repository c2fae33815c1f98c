import type { AddressInfo } from 'node:net';
import { type WebSocket, WebSocketServer } from 'ws';

/** What the stub does with one REGISTER: answer with a status (after a delay), or nothing. */
export type RegisterScript = (
  index: number,
  request: SipRequest,
) => { status: number; reason: string; headers?: string[]; delayMs?: number; expires?: number } | null;

export interface SipRequest {
  /** The method; `SIP/2.0` for a response. */
  readonly method: string;
  readonly raw: string;
  readonly body: string;
  /** A response's status code; 0 for a request. */
  readonly status: number;
  header(name: string): string | undefined;
}

/** What a request handler may do on the socket the request came on. */
export interface StubPeer {
  /** Answers the request (a To tag `stub` is added when missing). */
  respond(request: SipRequest, status: number, reason: string, extra?: string[], body?: string): void;
  /** Sends a raw SIP message on this socket. */
  send(raw: string): void;
  /** Drops this socket abruptly (no close handshake). */
  drop(): void;
}

/** Handles one non-REGISTER request; returns false to leave it to the stub's default. */
export type RequestScript = (request: SipRequest, peer: StubPeer) => boolean;

export interface SipStubOptions {
  /** Answers every INVITE with 180 then 200 OK carrying this SDP. */
  readonly inviteAnswerSdp?: string;
  /** Scripted handling of any request but REGISTER (INVITE, CANCEL, BYE, ACK...). */
  readonly onRequest?: RequestScript;
}

export interface SipStub {
  readonly url: string;
  /** Every request but REGISTER, in order. */
  readonly requests: SipRequest[];
  /** Every response the client sent (to requests the stub made), in order. */
  readonly responses: SipRequest[];
  /** Sends a raw SIP message on the newest open socket (e.g. an INVITE to the registered client). */
  sendToClient(raw: string): void;
  /** The client's final response (2xx-6xx) to the request the stub sent with Via branch `branch`, if any yet. */
  finalResponseTo(branch: string): SipRequest | undefined;
  /** Every REGISTER received, in order. */
  readonly registers: SipRequest[];
  /** The method of every request received, in order. */
  readonly methods: string[];
  /** The most REGISTERs ever waiting for a final answer at once. */
  readonly maxInFlight: number;
  readonly connections: number;
  /** The open sockets stop answering anything but stay open (half-open); new sockets are answered. */
  freeze(): void;
  /** Every message that reached a frozen socket (and was left unanswered), in order. */
  readonly unanswered: SipRequest[];
  /** Drops every open socket abruptly (no close handshake): the browser sees error and close. */
  dropAll(): void;
  close(): Promise<void>;
}

/**
 * A DTLS-SRTP answer Chromium accepts for its own offer (same mid, one audio codec). It carries
 * no candidates, so ICE never connects: enough for signalling races. `codec` replaces Opus.
 */
export function answerSdp(offer: string, codec = { pt: 111, name: 'opus/48000/2' }): string {
  const mid = /a=mid:(\S+)/.exec(offer)?.[1] ?? '0';
  const fingerprint = Array.from({ length: 32 }, (_, i) => ((i * 37 + 11) & 0xff).toString(16).padStart(2, '0').toUpperCase()).join(':');
  return [
    'v=0',
    'o=- 4242 1 IN IP4 127.0.0.1',
    's=-',
    't=0 0',
    `a=group:BUNDLE ${mid}`,
    `m=audio 9 UDP/TLS/RTP/SAVPF ${codec.pt}`,
    'c=IN IP4 127.0.0.1',
    'a=rtcp:9 IN IP4 0.0.0.0',
    'a=ice-ufrag:stub',
    'a=ice-pwd:stubstubstubstubstubstub',
    `a=fingerprint:sha-256 ${fingerprint}`,
    `a=setup:${/a=setup:active\b/.test(offer) ? 'passive' : 'active'}`,
    `a=mid:${mid}`,
    'a=sendrecv',
    'a=rtcp-mux',
    `a=rtpmap:${codec.pt} ${codec.name}`,
    '',
  ].join('\r\n');
}

function parse(raw: string): SipRequest {
  const [head = '', ...rest] = raw.split('\r\n\r\n');
  const lines = head.split('\r\n');
  const method = lines[0]?.split(' ')[0] ?? '';
  return {
    method,
    raw,
    body: rest.join('\r\n\r\n'),
    status: method === 'SIP/2.0' ? Number(lines[0]?.split(' ')[1]) : 0,
    header(name) {
      const wanted = name.toLowerCase();
      const line = lines.find((l) => l.slice(0, l.indexOf(':')).trim().toLowerCase() === wanted);
      return line?.slice(line.indexOf(':') + 1).trim();
    },
  };
}

/**
 * A scriptable SIP registrar over WebSocket on loopback, for the races a real server will not
 * produce on demand (423, a socket dying with error and close, slow answers). It counts the
 * REGISTERs in flight; any other request is answered 200 OK.
 */
export async function startSipStub(script: RegisterScript, options: SipStubOptions = {}): Promise<SipStub> {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0, handleProtocols: () => 'sip' });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const registers: SipRequest[] = [];
  const methods: string[] = [];
  const requests: SipRequest[] = [];
  const responses: SipRequest[] = [];
  const unanswered: SipRequest[] = [];
  const sockets = new Set<WebSocket>();
  /** REGISTERs not yet answered, with the socket they came on. */
  const pending = new Map<SipRequest, WebSocket>();
  let maxInFlight = 0;
  let connections = 0;
  const frozen = new WeakSet<WebSocket>();

  const respond = (socket: WebSocket, request: SipRequest, status: number, reason: string, extra: string[] = [], body = '') => {
    const to = request.header('to') ?? '';
    const lines = [
      `SIP/2.0 ${status} ${reason}`,
      `Via: ${request.header('via')}`,
      `From: ${request.header('from')}`,
      `To: ${to.includes(';tag=') ? to : `${to};tag=stub`}`,
      `Call-ID: ${request.header('call-id')}`,
      `CSeq: ${request.header('cseq')}`,
      ...extra,
      `Content-Length: ${new TextEncoder().encode(body).length}`,
      '',
      body,
    ];
    if (socket.readyState === socket.OPEN) socket.send(lines.join('\r\n'));
  };

  server.on('connection', (socket) => {
    connections += 1;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('message', (data) => {
      const text = data.toString();
      if (frozen.has(socket)) {
        if (text.trim() !== '') unanswered.push(parse(text));
        return;
      }
      if (text.trim() === '') {
        socket.send('\r\n'); // keep-alive pong
        return;
      }
      const request = parse(text);
      if (request.method === 'SIP/2.0') {
        responses.push(request);
        return;
      }
      if (request.method) methods.push(request.method);
      if (request.method !== 'REGISTER') requests.push(request);
      const peer: StubPeer = {
        respond: (r, status, reason, extra, body) => respond(socket, r, status, reason, extra, body),
        send: (raw) => {
          if (socket.readyState === socket.OPEN) socket.send(raw);
        },
        drop: () => socket.terminate(),
      };
      if (request.method !== 'REGISTER' && options.onRequest?.(request, peer)) return;
      if (request.method === 'INVITE' && options.inviteAnswerSdp !== undefined) {
        const contact = 'Contact: <sip:stub@127.0.0.1;transport=ws>';
        respond(socket, request, 180, 'Ringing', [contact]);
        setTimeout(() => respond(socket, request, 200, 'OK', [contact, 'Content-Type: application/sdp'], options.inviteAnswerSdp), 50);
        return;
      }
      if (request.method !== 'REGISTER') {
        if (request.method !== 'ACK') respond(socket, request, 200, 'OK');
        return;
      }
      const index = registers.length;
      registers.push(request);
      pending.set(request, socket);
      maxInFlight = Math.max(maxInFlight, pending.size);
      const answer = script(index, request);
      if (!answer) return; // never answered: stays in flight until the socket dies
      setTimeout(() => {
        if (!pending.delete(request)) return;
        const contact = (request.header('contact') ?? '').replace(/;expires=\d+/, '');
        const expires = answer.expires ?? /expires=(\d+)/.exec(request.header('contact') ?? '')?.[1] ?? '600';
        const headers =
          answer.status === 200 ? [`Contact: ${contact};expires=${expires}`, ...(answer.headers ?? [])] : (answer.headers ?? []);
        respond(socket, request, answer.status, answer.reason, headers);
      }, answer.delayMs ?? 0);
    });
  });

  const { port } = server.address() as AddressInfo;
  return {
    url: `ws://127.0.0.1:${port}`,
    registers,
    methods,
    requests,
    responses,
    unanswered,
    sendToClient(raw) {
      const socket = [...sockets].at(-1);
      if (socket?.readyState === socket?.OPEN) socket?.send(raw);
    },
    finalResponseTo(branch) {
      return responses.find((r) => r.status >= 200 && (r.header('via') ?? '').includes(`branch=${branch}`));
    },
    get maxInFlight() {
      return maxInFlight;
    },
    get connections() {
      return connections;
    },
    freeze() {
      for (const socket of sockets) frozen.add(socket);
    },
    dropAll() {
      for (const socket of sockets) socket.terminate();
      // Nothing can be answered on a dead socket: it is no longer in flight.
      pending.clear();
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.terminate();
        server.close(() => resolve());
      }),
  };
}

/** An offer as a far side would make it (DTLS-SRTP, no candidates) with the one codec given. */
export function offerSdp(codec = { pt: 111, name: 'opus/48000/2' }): string {
  return answerSdp('a=mid:0\r\n', codec).replace(/a=setup:\w+/, 'a=setup:actpass');
}

/** An INVITE from `from` to the contact a REGISTER gave, carrying `sdp` (and `extra` header lines). */
export function inviteTo(register: SipRequest, from: string, sdp: string, callId: string, extra: string[] = []): string {
  const target = /<([^>]+)>/.exec(register.header('contact') ?? '')?.[1] ?? '';
  const length = new TextEncoder().encode(sdp).length;
  return [
    `INVITE ${target} SIP/2.0`,
    `Via: SIP/2.0/WS 127.0.0.1;branch=z9hG4bK${callId}`,
    'Max-Forwards: 70',
    `From: <${from}>;tag=far${callId}`,
    `To: ${register.header('to')}`,
    `Call-ID: ${callId}`,
    'CSeq: 1 INVITE',
    `Contact: <${from.replace(/@.*/, '@127.0.0.1')};transport=ws>`,
    ...extra,
    'Content-Type: application/sdp',
    `Content-Length: ${length}`,
    '',
    sdp,
  ].join('\r\n');
}

/** The ACK for a non-2xx final response to an INVITE the stub sent (same branch, the response's To). */
export function ackFor(invite: string, response: SipRequest): string {
  const line = (name: string) => invite.split('\r\n').find((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`)) ?? '';
  return [
    invite.split('\r\n')[0]?.replace(/^INVITE/, 'ACK'),
    line('Via'),
    'Max-Forwards: 70',
    line('From'),
    `To: ${response.header('to')}`,
    line('Call-ID'),
    'CSeq: 1 ACK',
    'Content-Length: 0',
    '',
    '',
  ].join('\r\n');
}

/**
 * A request from the far side inside the dialog that the phone's `invite` made and the stub answered
 * with To tag `farTag` (the stub's own: `stub`): sent to the phone's Contact, From and To swapped,
 * Call-ID kept, CSeq `cseq` (the far side's own count). An ACK for a non-2xx answer to an in-dialog
 * INVITE is the same call with method ACK and the INVITE's branch and CSeq number.
 */
export function inDialogRequestTo(
  invite: SipRequest,
  method: string,
  cseq: number,
  options: { branch: string; body?: string; contentType?: string; farTag?: string; extra?: string[] },
): string {
  const target = /<([^>]+)>/.exec(invite.header('contact') ?? '')?.[1] ?? '';
  const to = invite.header('to') ?? '';
  const body = options.body ?? '';
  return [
    `${method} ${target} SIP/2.0`,
    `Via: SIP/2.0/WS 127.0.0.1;branch=${options.branch}`,
    'Max-Forwards: 70',
    `From: ${to.includes(';tag=') ? to : `${to};tag=${options.farTag ?? 'stub'}`}`,
    `To: ${invite.header('from')}`,
    `Call-ID: ${invite.header('call-id')}`,
    `CSeq: ${cseq} ${method}`,
    'Contact: <sip:stub@127.0.0.1;transport=ws>',
    ...(options.extra ?? []),
    ...(body ? [`Content-Type: ${options.contentType ?? 'application/sdp'}`] : []),
    `Content-Length: ${new TextEncoder().encode(body).length}`,
    '',
    body,
  ].join('\r\n');
}

/**
 * The far side's re-offer made from its answer `answer`: the same media, `a=setup:actpass` (RFC 5763),
 * the next `o=` version; `direction` replaces the media direction (e.g. `inactive`: the far side holds).
 */
export function reofferFrom(answer: string, direction?: 'sendrecv' | 'sendonly' | 'recvonly' | 'inactive'): string {
  return answer
    .replace(/a=setup:\w+/g, 'a=setup:actpass')
    .replace(/a=(sendrecv|sendonly|recvonly|inactive)\b/g, (line) => (direction ? `a=${direction}` : line))
    .replace(/^o=(\S+) (\S+) (\d+)/m, (_line, user: string, id: string, version: string) => `o=${user} ${id} ${BigInt(version) + 1n}`);
}
