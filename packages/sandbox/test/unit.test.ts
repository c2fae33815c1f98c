import { createPhone, HandsetError } from '@handset/core';
import { describe, expect, test } from 'vitest';
import { builtInNumbers, sandbox } from '../src';
import { endForResponse } from '../src/signalling/messages';

describe('sandbox() in Node', () => {
  test('importing and creating the line touches no browser global (server rendering)', () => {
    expect(typeof (globalThis as { RTCPeerConnection?: unknown }).RTCPeerConnection).toBe('undefined');
    const line = sandbox({ extension: 'Alice' });
    expect(line.kind).toBe('sandbox');
    expect(line.options.extension).toBe('alice');
    expect(createPhone({ line }).registration).toBe('unregistered');
  });

  test('accepts the built-in numbers and extension names, nothing else', () => {
    const line = sandbox();
    for (const number of Object.keys(builtInNumbers)) expect(line.acceptsDestination(number)).toBe(true);
    expect(line.acceptsDestination('bob.smith-2')).toBe(true);
    expect(line.acceptsDestination('not a name')).toBe(false);
    expect(line.acceptsDestination('<script>')).toBe(false);
    expect(Object.keys(builtInNumbers).sort()).toEqual(['busy', 'decline', 'drop', 'drop-forever', 'early', 'echo', 'ivr', 'noanswer']);
  });

  test('refuses a bad extension or timing with invalid-option', () => {
    expect(() => sandbox({ extension: 'two words' })).toThrow(HandsetError);
    expect(() => sandbox({ timing: { stallMs: -1 } })).toThrow(/timing.stallMs/);
  });
});

describe('signalling helpers', () => {
  test('final responses map to end reasons as a SIP user agent maps them', () => {
    expect(endForResponse(486)).toEqual({ reason: 'busy', sipCode: 486, message: '486 Busy Here' });
    expect(endForResponse(603)).toEqual({ reason: 'rejected', sipCode: 603, message: '603 Decline' });
    expect(endForResponse(404)).toEqual({ reason: 'failed', sipCode: 404, message: '404 Not Found' });
    expect(endForResponse(480).reason).toBe('no-answer');
    expect(endForResponse(487).reason).toBe('cancelled');
  });
});
