import type { AddressInfo } from 'node:net';
import { type WebSocket, WebSocketServer } from 'ws';

/** What the stub does with one REGISTER: answer with a status (after a delay), or nothing. */
export type RegisterScript = (
  index: number,
  request: SipRequest,
) => { status: number; reason: string; headers?: string[]; delayMs?: number } | null;

export interface SipRequest {
  readonly method: string;
  readonly raw: string;
  header(name: string): string | undefined;
}

export interface SipStub {
  readonly url: string;
  /** Every REGISTER received, in order. */
  readonly registers: SipRequest[];
  /** The method of every request received, in order. */
  readonly methods: string[];
  /** The most REGISTERs ever waiting for a final answer at once. */
  readonly maxInFlight: number;
  readonly connections: number;
  /** The open sockets stop answering anything but stay open (half-open); new sockets are answered. */
  freeze(): void;
  /** Drops every open socket abruptly (no close handshake): the browser sees error and close. */
  dropAll(): void;
  close(): Promise<void>;
}

function parse(raw: string): SipRequest {
  const [head = ''] = raw.split('\r\n\r\n');
  const lines = head.split('\r\n');
  const method = lines[0]?.split(' ')[0] ?? '';
  return {
    method,
    raw,
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
export async function startSipStub(script: RegisterScript, options: { inviteAnswerSdp?: string } = {}): Promise<SipStub> {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0, handleProtocols: () => 'sip' });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const registers: SipRequest[] = [];
  const methods: string[] = [];
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
      if (frozen.has(socket)) return;
      const text = data.toString();
      if (text.trim() === '') {
        socket.send('\r\n'); // keep-alive pong
        return;
      }
      const request = parse(text);
      if (request.method) methods.push(request.method);
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
        const expires = /expires=(\d+)/.exec(request.header('contact') ?? '')?.[1] ?? '600';
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
