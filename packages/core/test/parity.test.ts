import { describe, expect, test } from 'vitest';
import { type CallFeedback, type CallState, HandsetError, type LineCall, type RecoveryToken } from '../src';
import {
  callStatus,
  customData,
  feedbackIssues,
  postFeedback,
  recover,
  recoveryToken,
  setCustomData,
  statesForTwilio,
  statesForVoximplant,
  transferTo,
  twilioStatus,
  voximplantState,
} from '../src/parity';
import { ScriptedLine } from '../src/testing';
import { answer, connectedPhone, incoming } from './helpers';

/** A scripted line that also takes feedback and customData, makes attended transfers and can re-attach calls. */
class FullLine extends ScriptedLine {
  feedback: Array<[string, CallFeedback]> = [];
  data: Array<[string, string]> = [];
  recovered: RecoveryToken[] = [];
  constructor() {
    super({ capabilities: { feedback: true, recovery: true, attendedTransfer: true } });
  }
  get transfers(): Array<[string, unknown]> {
    return this.sent({ type: 'attendedTransfer' }).map((c) => [String(c.args[0]), c.args[1]]);
  }
  override callFor(callId: string): LineCall {
    return {
      ...super.callFor(callId),
      postFeedback: (feedback) => {
        this.feedback.push([callId, feedback]);
        return Promise.resolve();
      },
      setCustomData: (value) => {
        this.data.push([callId, value]);
      },
      recoveryToken: () => ({ lineKind: this.kind, callId, direction: 'outgoing', remote: { number: '+14155550123' }, session: 'S-1' }),
    };
  }
  recover(token: RecoveryToken): void {
    this.recovered.push(token);
    this.signal({ type: 'incoming', callId: token.callId, from: token.remote, recovered: token.direction });
  }
}

async function fullPhone() {
  const { createPhone } = await import('../src');
  const line = new FullLine();
  const phone = createPhone({ line });
  await phone.connect();
  return { phone, line };
}

const allStates: CallState[] = ['dialing', 'ringing', 'incoming', 'connecting', 'active', 'held', 'reconnecting', 'ended'];

describe('postFeedback (Twilio)', () => {
  test('keeps score and issue on the ended call snapshot and in the store, and hands them to the line', async () => {
    const { phone, line } = await fullPhone();
    const call = phone.call('+14155550123');
    answer(line, call);
    call.hangup();
    await expect(postFeedback(call, 2, 'dropped-call')).resolves.toBeUndefined();
    expect(call.snapshot.feedback).toEqual({ score: 2, issue: 'dropped-call' });
    expect(phone.store.getState().calls[call.id]?.feedback).toEqual({ score: 2, issue: 'dropped-call' });
    expect(line.feedback).toEqual([[call.id, { score: 2, issue: 'dropped-call' }]]);
  });

  test('no arguments records a declined rating; every Twilio issue and score is accepted', async () => {
    const { phone } = await fullPhone();
    const call = phone.call('+14155550123');
    await postFeedback(call);
    expect(call.snapshot.feedback).toEqual({ score: null, issue: null });
    for (const issue of feedbackIssues) for (const score of [1, 2, 3, 4, 5] as const) await postFeedback(call, score, issue);
    expect(call.snapshot.feedback).toEqual({ score: 5, issue: 'echo' });
    expect(feedbackIssues).toEqual(['dropped-call', 'audio-latency', 'one-way-audio', 'choppy-audio', 'noisy-call', 'echo']);
  });

  test.each([
    [0, undefined, /score must be 1, 2, 3, 4 or 5/],
    [6, undefined, /got 6/],
    [2.5, undefined, /got 2.5/],
    ['3', undefined, /score/],
    [3, 'bad-audio', /issue must be one of dropped-call, audio-latency, one-way-audio, choppy-audio, noisy-call, echo.*"bad-audio"/],
  ])('refuses score %s / issue %s with invalid-option', async (score, issue, message) => {
    const { phone, line } = await fullPhone();
    const call = phone.call('+14155550123');
    const attempt = () => postFeedback(call, score as never, issue as never);
    expect(attempt).toThrow(HandsetError);
    expect(attempt).toThrow(message);
    try {
      attempt();
    } catch (error) {
      expect((error as HandsetError).code).toBe('invalid-option');
    }
    expect(call.snapshot.feedback).toBeUndefined();
    expect(line.feedback).toEqual([]);
  });

  test('a line without postFeedback: the feedback is still kept and the promise resolves', async () => {
    const { phone, line } = await connectedPhone();
    const call = phone.call('+14155550123');
    answer(line, call);
    call.hangup();
    await expect(postFeedback(call, 5)).resolves.toBeUndefined();
    expect(call.snapshot.feedback).toEqual({ score: 5, issue: null });
  });
});

describe('customData (Voximplant)', () => {
  test('the customData option is on the call and its snapshot; setCustomData replaces it and tells the line', async () => {
    const { phone, line } = await fullPhone();
    const call = phone.call('+14155550123', { customData: 'order=42' });
    expect(call.customData).toBe('order=42');
    expect(customData(call)).toBe('order=42');
    setCustomData(call, 'order=43');
    expect(call.snapshot.customData).toBe('order=43');
    expect(phone.store.getState().calls[call.id]?.customData).toBe('order=43');
    expect(customData(call, 'order=44')).toBe('order=44');
    expect(line.data).toEqual([
      [call.id, 'order=43'],
      [call.id, 'order=44'],
    ]);
  });

  test('an incoming call carries the customData its line reports; none is undefined', async () => {
    const { phone, line } = await fullPhone();
    line.signal({ type: 'incoming', callId: 'in-9', from: { number: '+14155550100' }, customData: 'vip' });
    expect(phone.getCall('in-9')?.customData).toBe('vip');
    expect(incoming(phone, line, 'in-10').customData).toBeUndefined();
  });

  test('over 200 bytes is custom-data-too-large, a non-string invalid-option, as for the call option', async () => {
    const { phone, line } = await fullPhone();
    const call = phone.call('+14155550123');
    expect(() => setCustomData(call, 'é'.repeat(101))).toThrow(expect.objectContaining({ code: 'custom-data-too-large' }));
    expect(() => setCustomData(call, 42 as never)).toThrow(expect.objectContaining({ code: 'invalid-option' }));
    setCustomData(call, 'x'.repeat(200));
    expect(call.customData).toHaveLength(200);
    expect(line.data).toHaveLength(1);
  });

  test('after the end it is kept on the snapshot but the line is not told', async () => {
    const { phone, line } = await fullPhone();
    const call = phone.call('+14155550123');
    call.hangup();
    setCustomData(call, 'late');
    expect(call.snapshot.customData).toBe('late');
    expect(line.data).toEqual([]);
  });
});

describe('recovery token (Twilio connectToken, Telnyx telnyxSessionId / isRecovered)', () => {
  test('a line that can recover gives a JSON-safe token; recover() brings the call back as connecting then active', async () => {
    const first = await fullPhone();
    const call = first.phone.call('+14155550123');
    answer(first.line, call);
    const token = recoveryToken(call);
    expect(token).toEqual({
      lineKind: 'scripted',
      callId: call.id,
      direction: 'outgoing',
      remote: { number: '+14155550123' },
      session: 'S-1',
    });
    const stored = JSON.parse(JSON.stringify(token)) as RecoveryToken;

    const second = await fullPhone(); // the page after a reload
    const seenIncoming: unknown[] = [];
    second.phone.on('incoming', (c) => seenIncoming.push(c));
    const again = recover(second.phone, stored);
    expect(second.line.recovered).toEqual([stored]);
    expect(again.id).toBe(call.id);
    expect(again.direction).toBe('outgoing');
    expect(again.state).toBe('connecting');
    expect(again.snapshot.recovered).toBe(true);
    expect(seenIncoming).toEqual([]);
    second.line.signal({ type: 'connected', callId: again.id, codec: 'opus' });
    expect(again.state).toBe('active');
    expect(second.phone.activeCall).toBe(again);
  });

  test('no token once the call ended', async () => {
    const { phone, line } = await fullPhone();
    const call = phone.call('+14155550123');
    answer(line, call);
    call.hangup();
    expect(recoveryToken(call)).toBeNull();
  });

  test('a line without recover: no token, and recover() throws unsupported naming the line', async () => {
    const { phone, line } = await connectedPhone();
    const call = phone.call('+14155550123');
    answer(line, call);
    expect(recoveryToken(call)).toBeNull();
    const token: RecoveryToken = { lineKind: 'scripted', callId: 'x', direction: 'outgoing', remote: { number: '+1415' } };
    expect(() => recover(phone, token)).toThrow(
      expect.objectContaining({ code: 'unsupported', message: 'The scripted line cannot recover calls.' }),
    );
  });

  test('a token of another kind of line is unsupported; a live id is a duplicate; a phone not connected is refused', async () => {
    const { phone } = await fullPhone();
    const foreign: RecoveryToken = { lineKind: 'sip', callId: 'x', direction: 'incoming', remote: { number: '+1415' } };
    expect(() => recover(phone, foreign)).toThrow('The scripted line cannot recover calls of a sip line.');
    const call = phone.call('+14155550123');
    expect(() => recover(phone, recoveryToken(call) as RecoveryToken)).toThrow(expect.objectContaining({ code: 'duplicate-call-id' }));
    await phone.disconnect();
    const token: RecoveryToken = { lineKind: 'scripted', callId: 'y', direction: 'outgoing', remote: { number: '+1415' } };
    expect(() => recover(phone, token)).toThrow(expect.objectContaining({ code: 'not-connected' }));
  });

  test('a recovered call that is gone ends like any call', async () => {
    const { phone, line } = await fullPhone();
    const token: RecoveryToken = { lineKind: 'scripted', callId: 'r-1', direction: 'incoming', remote: { number: '+14155550100' } };
    const call = recover(phone, token);
    expect(call.direction).toBe('incoming');
    line.signal({ type: 'ended', callId: 'r-1', end: { reason: 'network' } });
    expect(call.end).toEqual({ reason: 'network', by: 'remote' });
  });
});

describe('state mappings both ways', () => {
  test('Twilio: every status maps back to exactly the states that map to it', async () => {
    const { phone, line } = await connectedPhone();
    expect(callStatus(incoming(phone, line))).toBe('pending'); // callStatus(call) is twilioStatus(call.state)
    expect(statesForTwilio('pending')).toEqual(['incoming']);
    expect(statesForTwilio('connecting')).toEqual(['dialing', 'connecting']);
    expect(statesForTwilio('ringing')).toEqual(['ringing']);
    expect(statesForTwilio('open')).toEqual(['active', 'held']);
    expect(statesForTwilio('reconnecting')).toEqual(['reconnecting']);
    expect(statesForTwilio('closed')).toEqual(['ended']);
    for (const state of allStates) expect(statesForTwilio(twilioStatus(state))).toContain(state);
  });

  test('Voximplant: ALERTING, PROGRESSING, CONNECTED, TERMINATED map back', () => {
    expect(statesForVoximplant('ALERTING')).toEqual(['incoming']);
    expect(statesForVoximplant('PROGRESSING')).toEqual(['dialing', 'ringing', 'connecting']);
    expect(statesForVoximplant('CONNECTED')).toEqual(['active', 'held', 'reconnecting']);
    expect(statesForVoximplant('TERMINATED')).toEqual(['ended']);
    for (const state of allStates) expect(statesForVoximplant(voximplantState(state))).toContain(state);
  });
});

describe('transferTo(call, other): attended transfer (SIP REFER with Replaces)', () => {
  test('asks the line to connect the far sides of two answered calls; a held one counts as answered', async () => {
    const { phone, line } = await fullPhone();
    const first = phone.call('+14155550123');
    answer(line, first);
    const second = phone.call('+14155550124');
    answer(line, second);
    expect(first.state).toBe('held'); // the second call took the microphone
    transferTo(first, second);
    expect(line.transfers).toEqual([[first.id, second.id]]);
  });

  test('refuses, sending nothing: an unanswered call, the same call, a call of another phone, a line without it', async () => {
    const { phone, line } = await fullPhone();
    const first = phone.call('+14155550123');
    const ringing = phone.call('+14155550124');
    expect(() => transferTo(ringing, first)).toThrow(expect.objectContaining({ code: 'invalid-state' }));
    answer(line, first);
    expect(() => transferTo(first, ringing)).toThrow(
      expect.objectContaining({ code: 'invalid-state', message: expect.stringContaining('dialing') }),
    );
    expect(() => transferTo(first, first)).toThrow(expect.objectContaining({ code: 'invalid-destination' }));
    const other = await fullPhone();
    const elsewhere = other.phone.call('+14155550125');
    answer(other.line, elsewhere);
    expect(() => transferTo(first, elsewhere)).toThrow(expect.objectContaining({ code: 'invalid-destination' }));
    expect(line.transfers).toEqual([]);

    const plain = await connectedPhone();
    const a = plain.phone.call('+14155550123');
    answer(plain.line, a);
    const b = plain.phone.call('+14155550124');
    answer(plain.line, b);
    expect(() => transferTo(a, b)).toThrow(expect.objectContaining({ code: 'unsupported' }));
  });
});
