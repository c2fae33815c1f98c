import { describe, expect, it } from 'vitest';
import { q850Rejection, remoteEnd } from '../../src/line-kit';

describe('remoteEnd', () => {
  it('reads an unanswered outgoing call by its Q.850 cause first, then its SIP code, and keeps the SIP code', () => {
    expect(remoteEnd(17, 486, false, false)).toEqual({ reason: 'busy', sipCode: 486 });
    expect(remoteEnd(16, 600, false, false)).toEqual({ reason: 'busy', sipCode: 600 });
    expect(remoteEnd(21, 603, false, false)).toEqual({ reason: 'rejected', sipCode: 603 });
    expect(remoteEnd(19, undefined, false, false)).toEqual({ reason: 'no-answer' });
    expect(remoteEnd(18, 480, false, false)).toEqual({ reason: 'no-answer', sipCode: 480 });
    expect(remoteEnd(487, null, false, false)).toEqual({ reason: 'cancelled' });
    expect(remoteEnd(1, 404, false, false)).toEqual({ reason: 'failed', sipCode: 404 });
    expect(remoteEnd(null, null, false, false)).toEqual({ reason: 'failed' });
  });

  it('calls an answered call hung up and an unanswered incoming one cancelled, whatever the codes', () => {
    expect(remoteEnd(17, 486, true, false)).toEqual({ reason: 'hangup', sipCode: 486 });
    expect(remoteEnd(16, undefined, true, true)).toEqual({ reason: 'hangup' });
    expect(remoteEnd(17, 486, false, true)).toEqual({ reason: 'cancelled', sipCode: 486 });
  });
});

describe('q850Rejection', () => {
  it('gives a busy code USER_BUSY (17) and any other code CALL_REJECTED (21), with the SIP code', () => {
    expect(q850Rejection(486)).toEqual({ cause: 'USER_BUSY', causeCode: 17, sipCode: 486 });
    expect(q850Rejection(600)).toEqual({ cause: 'USER_BUSY', causeCode: 17, sipCode: 600 });
    expect(q850Rejection(603)).toEqual({ cause: 'CALL_REJECTED', causeCode: 21, sipCode: 603 });
    expect(q850Rejection(480)).toEqual({ cause: 'CALL_REJECTED', causeCode: 21, sipCode: 480 });
  });
});
