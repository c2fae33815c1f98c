import { describe, expect, it } from 'vitest';
import { customHeaders } from '../../src/line-kit';

describe('customHeaders', () => {
  it('keeps the X- and User-to-User headers of an SDK header object, in order, whatever their case', () => {
    expect(customHeaders({ 'X-Ticket': '7', 'VI-CallData': 'order=42', 'user-to-user': 'abc', Via: 'x', 'x-b': 'y' })).toEqual([
      { name: 'X-Ticket', value: '7' },
      { name: 'user-to-user', value: 'abc' },
      { name: 'x-b', value: 'y' },
    ]);
  });

  it('leaves out values that are not strings, and gives nothing for what is not an object', () => {
    expect(customHeaders({ 'X-N': 7, 'X-O': { a: 1 }, 'X-S': 's' })).toEqual([{ name: 'X-S', value: 's' }]);
    for (const input of [undefined, null, 'X-A: b', 42]) expect(customHeaders(input)).toEqual([]);
  });
});
