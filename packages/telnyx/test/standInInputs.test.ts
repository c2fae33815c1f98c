/**
 * The stand-ins refuse bad input with a typed error before anything is sent, and Call Control's errors
 * come back in Telnyx's shape. (The protocol itself is proven with the real SDK in standIn.e2e.test.ts.)
 */
import { isHandsetError } from '@handset/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type CallControlStandIn, startCallControlStandIn, startTelnyxStandIn, type TelnyxStandIn } from '../src/stand-in/index';

let standIn: TelnyxStandIn;
let callControl: CallControlStandIn;

beforeEach(async () => {
  standIn = await startTelnyxStandIn();
  callControl = await startCallControlStandIn({ apiKeys: ['KEY'], connectionIds: ['conn-1'], signalling: standIn });
});

afterEach(async () => {
  await callControl.close();
  await standIn.close();
});

async function rejection(action: () => Promise<unknown>): Promise<unknown> {
  try {
    await action();
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

describe('stand-in input checks', () => {
  it('refuses bad incoming-call options with a HandsetError and sends nothing', async () => {
    const cases: [Parameters<TelnyxStandIn['placeIncoming']>[0], string][] = [
      [{ callerNumber: '+15550001111', clientState: 'not base64!' }, 'invalid-client-state'],
      [{ callerNumber: '+15550001111', headers: [{ name: 'Bad Header', value: 'x' }] }, 'invalid-header'],
      [{ callerNumber: '+15550001111', headers: [{ name: 'X-Ok', value: 'two\r\nlines' }] }, 'invalid-header'],
      [{ callerNumber: '' }, 'invalid-option'],
      [{ callerNumber: '+15550001111' }, 'not-connected'],
    ];
    for (const [options, code] of cases) {
      const error = await rejection(() => standIn.placeIncoming(options));
      expect(isHandsetError(error, code as never), `${JSON.stringify(options)} → ${String(error)}`).toBe(true);
    }
    expect(standIn.frames).toEqual([]);
    expect(standIn.calls.size).toBe(0);
  });

  it('refuses test actions on calls it does not have', async () => {
    expect(isHandsetError(await rejection(() => standIn.hangup('nope')), 'invalid-option')).toBe(true);
    expect(isHandsetError(await rejection(() => standIn.answer('nope')), 'invalid-option')).toBe(true);
    expect(() => standIn.dtmf('nope')).toThrow(/no call/);
  });
});

describe('Call Control dial stand-in', () => {
  const post = (body: unknown, key = 'KEY') =>
    fetch(`${callControl.url}/v2/calls`, { method: 'POST', headers: { authorization: `Bearer ${key}` }, body: JSON.stringify(body) });

  it('answers 401 in Telnyx shape without a valid Bearer key', async () => {
    const response = await post({ to: '+15550001111', from: '+15550002222', connection_id: 'conn-1' }, 'other');
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ errors: [{ code: '10009', title: 'Authentication failed', detail: expect.any(String) }] });
  });

  it('lists every invalid field with its JSON pointer (422)', async () => {
    const body = { to: 'somewhere', connection_id: 'unknown', client_state: '***', time_limit_secs: 5, from_display_name: 'Bad<name>' };
    const response = await post(body);
    expect(response.status).toBe(422);
    const { errors } = (await response.json()) as { errors: { code: string; source: { pointer: string } }[] };
    expect(errors.map((each) => each.source.pointer)).toEqual([
      '/to',
      '/from',
      '/connection_id',
      '/from_display_name',
      '/time_limit_secs',
      '/client_state',
    ]);
    expect(callControl.requests).toEqual([expect.objectContaining({ body, status: 422 })]);
  });

  it('refuses a dial to a credential nobody is logged in as (no browser to ring)', async () => {
    const response = await post({ to: 'sip:ghost@sip.telnyx.com', from: '+15550002222', connection_id: 'conn-1' });
    expect(response.status).toBe(422);
    expect(await response.json()).toMatchObject({ errors: [{ source: { pointer: '/to' }, detail: expect.stringContaining('ghost') }] });
  });
});
