import { describe, expect, it } from 'vitest';
import { eventually, logLines, waitForLog } from './bed/pages';
import {
  ackFor,
  answerSdp,
  inviteTo,
  offerSdp,
  type RegisterScript,
  type SipRequest,
  type SipStub,
  type SipStubOptions,
} from './bed/sipStub';
import { sdpType, stubContact, useStubBed } from './bed/stubBed';

const testBed = useStubBed('handset sip races');

const ok = (delayMs = 0) => ({ status: 200, reason: 'OK', delayMs });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function register(options: SipStubOptions, script: RegisterScript = () => ok(), extra: Record<string, unknown> = {}) {
  return testBed.register(options, extra, script);
}

const count = (s: SipStub, method: string) => s.methods.filter((m) => m === method).length;

/** Dials bob and waits until the far side's 180 has the ringback playing. */
async function dialRinging() {
  const p = testBed.page;
  const callId = await p.evaluate(() => window.bed.dial('alice', 'sip:bob@handset.test'));
  await waitForLog(p, `alice ${callId} ringing early=false`);
  expect(
    await eventually(
      () => p.evaluate(() => window.bed.ringback('alice')),
      (v) => v === true,
    ),
  ).toBe(true);
  return callId;
}

/** After the end: one `ended` line, the ringback off, and nothing more logged for the call a while later. */
async function expectEndedOnce(callId: string, expected: string) {
  const p = testBed.page;
  await waitForLog(p, `alice ${callId} ended`);
  const settled = (await logLines(p, `alice ${callId}`)).length;
  await sleep(600);
  expect(await logLines(p, `alice ${callId} ended`)).toEqual([`alice ${callId} ended ${expected}`]);
  expect((await logLines(p, `alice ${callId}`)).length).toBe(settled);
  expect(await p.evaluate(() => window.bed.ringback('alice'))).toBe(false);
}

describe('every call ends exactly once', () => {
  it('a 200 OK crossing our CANCEL is ACKed and BYEd; the call ends once, cancelled', async () => {
    let invite: SipRequest | undefined;
    await register({
      onRequest: (request, peer) => {
        if (request.method === 'INVITE') {
          invite = request;
          peer.respond(request, 180, 'Ringing', [stubContact]);
          return true;
        }
        if (request.method === 'CANCEL' && invite) {
          // The far side answered just before our CANCEL reached it: 200 to the INVITE, then 200 to the CANCEL.
          peer.respond(invite, 200, 'OK', [stubContact, sdpType], answerSdp(invite.body));
          peer.respond(request, 200, 'OK');
          return true;
        }
        return request.method === 'ACK';
      },
    });
    const callId = await dialRinging();
    await testBed.page.evaluate((id) => window.bed.act(id, 'hangup'), callId);
    await expectEndedOnce(callId, 'cancelled by=local code=-');
    const s = testBed.stub;
    await eventually(
      async () => count(s, 'BYE'),
      (n) => n === 1,
    );
    expect(s.requests.map((r) => r.method).filter((m) => m !== 'OPTIONS')).toEqual(['INVITE', 'CANCEL', 'ACK', 'BYE']);
  });

  it('a BYE answered 481 still ends the call once, locally', async () => {
    // The far side answers once the test has seen the ringback (a timer could beat the check on a loaded machine).
    let answer = () => {};
    await register({
      onRequest: (request, peer) => {
        if (request.method === 'INVITE') {
          peer.respond(request, 180, 'Ringing', [stubContact]);
          answer = () => peer.respond(request, 200, 'OK', [stubContact, sdpType], answerSdp(request.body));
          return true;
        }
        if (request.method === 'BYE') {
          peer.respond(request, 481, 'Call/Transaction Does Not Exist');
          return true;
        }
        return request.method === 'ACK';
      },
    });
    const callId = await dialRinging();
    answer();
    const s = testBed.stub;
    await eventually(
      async () => count(s, 'ACK'),
      (n) => n === 1,
    );
    await waitForLog(testBed.page, `alice ${callId} state connecting`);
    await testBed.page.evaluate((id) => window.bed.act(id, 'hangup'), callId);
    await expectEndedOnce(callId, 'hangup by=local code=-');
    expect(s.requests.map((r) => r.method).filter((m) => m !== 'OPTIONS')).toEqual(['INVITE', 'ACK', 'BYE']);
  });

  it('the socket dying while the far side rings ends the call once with network; the line re-registers', async () => {
    // The socket dies once the test has seen the ringback (a timer could beat the check on a loaded machine).
    let drop = () => {};
    await register({
      onRequest: (request, peer) => {
        if (request.method !== 'INVITE') return false;
        peer.respond(request, 180, 'Ringing', [stubContact]);
        drop = () => peer.drop();
        return true;
      },
    });
    const callId = await dialRinging();
    drop();
    await expectEndedOnce(callId, 'network by=system code=-');
    const p = testBed.page;
    await eventually(
      () => logLines(p, 'alice registration'),
      (l) => l.at(-1) === 'alice registration registered' && l.length === 4,
    );
    expect(await logLines(p, 'alice registration')).toEqual([
      'alice registration registering',
      'alice registration registered',
      'alice registration reconnecting',
      'alice registration registered',
    ]);
    // Nothing of the dead call is retried on the new socket.
    await sleep(300);
    expect(testBed.stub.methods.filter((m) => m !== 'OPTIONS')).toEqual(['REGISTER', 'INVITE', 'REGISTER']);
  });
});

describe('connect() while a REGISTER is out', () => {
  it('during a refresh: no second REGISTER', async () => {
    // The registrar grants 5 s, so the line refreshes after 4.5 s; the refresh is answered after 300 ms.
    let refreshOut: () => void = () => {};
    const refreshing = new Promise<void>((resolve) => {
      refreshOut = resolve;
    });
    const p = await register({}, (index) => {
      if (index === 1) refreshOut();
      return { ...ok(index === 1 ? 300 : 0), expires: index === 0 ? 5 : 600 };
    });
    const s = testBed.stub;
    await refreshing;
    expect(await p.evaluate(() => window.bed.reconnect('alice'))).toEqual({ ok: true });
    expect(s.registers).toHaveLength(2);
    await sleep(800);
    expect(s.registers).toHaveLength(2);
    expect(s.maxInFlight).toBe(1);
    expect(await logLines(p, 'alice registration')).toEqual(['alice registration registering', 'alice registration registered']);
  });

  it('during a retry after the socket died: the retry answers for connect(), no second REGISTER', async () => {
    const p = await register({}, (index) => ok(index === 1 ? 800 : 0));
    const s = testBed.stub;
    s.dropAll();
    await eventually(
      async () => s.registers.length,
      (n) => n === 2,
      5000,
    );
    expect(await p.evaluate(() => window.bed.reconnect('alice'))).toEqual({ ok: true });
    await sleep(800);
    expect(s.registers).toHaveLength(2);
    expect(s.maxInFlight).toBe(1);
    expect(s.connections).toBe(2);
    const lines = await logLines(p, 'alice registration');
    expect(lines.at(-1)).toBe('alice registration registered');
    expect(lines.filter((l) => l === 'alice registration registered')).toHaveLength(2);
  });
});

describe('a far side that speaks no codec we know', () => {
  const unknown = { pt: 99, name: 'X-NOSUCHCODEC/8000' };

  it('answering with only an unknown codec ends that call as failed; the line stays registered', async () => {
    const p = await register({
      onRequest: (request, peer) => {
        if (request.method !== 'INVITE') return request.method === 'ACK';
        peer.respond(request, 180, 'Ringing', [stubContact]);
        setTimeout(() => peer.respond(request, 200, 'OK', [stubContact, sdpType], answerSdp(request.body, unknown)), 50);
        return true;
      },
    });
    const callId = await p.evaluate(() => window.bed.dial('alice', 'sip:bob@handset.test'));
    await expectEndedOnce(callId, 'failed by=system code=-');
    const s = testBed.stub;
    // The dialog was confirmed and closed at once: ACK and BYE.
    expect(s.requests.map((r) => r.method).filter((m) => m !== 'OPTIONS')).toEqual(['INVITE', 'ACK', 'BYE']);
    expect(await p.evaluate(() => window.bed.registration('alice'))).toBe('registered');
    expect(await logLines(p, 'alice registration')).toEqual(['alice registration registering', 'alice registration registered']);
    expect(s.registers).toHaveLength(1);
  });

  it('offering only an unknown codec: accept() answers 488 and ends the call as failed; the line stays registered', async () => {
    const p = await register({});
    const s = testBed.stub;
    const invite = inviteTo(s.registers[0] as SipRequest, 'sip:bob@handset.test', offerSdp(unknown), 'nocodec1');
    s.sendToClient(invite);
    await waitForLog(p, 'alice incoming');
    const callId = (await p.evaluate(() => window.bed.incoming('alice'))) as string;
    await p.evaluate((id) => window.bed.act(id, 'accept'), callId);
    const final = await eventually(
      async () => s.responses.find((r) => r.status >= 200),
      (r) => r !== undefined,
    );
    expect(final?.status).toBe(488);
    s.sendToClient(ackFor(invite, final as SipRequest));
    await expectEndedOnce(callId, 'failed by=system code=-');
    expect(s.responses.filter((r) => r.status >= 200).map((r) => r.status)).toEqual([488]);
    expect(await p.evaluate(() => window.bed.registration('alice'))).toBe('registered');
    expect(await logLines(p, 'alice registration')).toEqual(['alice registration registering', 'alice registration registered']);
  });
});
