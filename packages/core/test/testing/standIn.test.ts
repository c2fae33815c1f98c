import { describe, expect, it } from 'vitest';
import { HandsetError } from '../../src/errors/HandsetError';
import {
  FarWork,
  type FrameRecord,
  FrameRecords,
  firstFrom,
  frameWanted,
  parseJsonObject,
  routedConnection,
  SignalWire,
  type SocketRecord,
  Sockets,
  standInChecks,
  Waiters,
} from '../../src/testing/standIn';
import { pipe, routedPipe } from './pipe';

describe('Waiters', () => {
  it('resolves at once with a truthy first check, and registers nothing', async () => {
    const waiters = new Waiters();
    await expect(
      waiters.waitFor(
        () => 'ready',
        1000,
        () => new Error('late'),
      ),
    ).resolves.toBe('ready');
    expect(waiters.size).toBe(0);
  });

  it('re-checks on changed() and resolves with the first truthy value', async () => {
    const waiters = new Waiters();
    let value = 0;
    const waited = waiters.waitFor(
      () => value >= 2 && value,
      5000,
      () => new Error('late'),
    );
    value = 1;
    waiters.changed();
    expect(waiters.size).toBe(1);
    value = 2;
    waiters.changed();
    await expect(waited).resolves.toBe(2);
    expect(waiters.size).toBe(0);
  });

  it('rejects with the error it is given once the bound passes, and forgets the wait', async () => {
    const waiters = new Waiters();
    await expect(
      waiters.waitFor(
        () => false,
        20,
        () => new Error('never came'),
      ),
    ).rejects.toThrow('never came');
    expect(waiters.size).toBe(0);
  });

  it('clear() forgets pending waits: changed() no longer checks them', () => {
    const waiters = new Waiters();
    let checks = 0;
    void waiters
      .waitFor(
        () => {
          checks += 1;
          return false;
        },
        50,
        () => new Error('cleared'),
      )
      .catch(() => undefined);
    waiters.clear();
    waiters.changed();
    expect(checks).toBe(1);
    expect(waiters.size).toBe(0);
  });
});

describe('firstFrom', () => {
  it('finds the first match from `since` on, looking at each entry once', () => {
    const entries = [1, 2, 3];
    const seen: number[] = [];
    const check = firstFrom(entries, 1, (entry) => {
      seen.push(entry);
      return entry % 2 === 0 && entry > 2;
    });
    expect(check()).toBeUndefined();
    entries.push(5, 4);
    expect(check()).toBe(4);
    expect(seen).toEqual([2, 3, 5, 4]);
  });
});

describe('FrameRecords', () => {
  it('logs frames with direction, time and socket, finds from an index, and describes each on a line', () => {
    const records = new FrameRecords<{ type: string; payload: unknown }>((frame) => [frame.type, frame.payload]);
    const before = Date.now();
    const first = records.record({ type: 'listen', payload: { token: 'x' } }, 'in', 1);
    records.record({ type: 'connected', payload: { long: 'y'.repeat(300) } }, 'out', 1);
    records.record({ type: 'listen', payload: {} }, 'in', 2);
    expect(first).toMatchObject({ type: 'listen', direction: 'in', socket: 1 });
    expect(first.at).toBeGreaterThanOrEqual(before);
    expect(records.find(1, (frame) => frame.type === 'listen')?.socket).toBe(2);
    const lines = records.describe().split('\n');
    expect(lines[0]).toBe('→ #1 listen {"token":"x"}');
    expect(lines[1]?.startsWith('← #1 connected {"long":"yyy')).toBe(true);
    expect(lines[1]?.length).toBe('← #1 connected '.length + 160);
  });

  it('names a wanted frame by its direction', () => {
    expect(frameWanted('invite', 'in')).toBe('an incoming "invite" frame');
    expect(frameWanted('answer', 'out')).toBe('an outgoing "answer" frame');
  });
});

describe('parseJsonObject', () => {
  it('keeps JSON objects and drops bad JSON and primitives', () => {
    expect(parseJsonObject('{"type":"x"}')).toEqual({ type: 'x' });
    expect(parseJsonObject('\n')).toBeNull();
    expect(parseJsonObject('not json')).toBeNull();
    expect(parseJsonObject('7')).toBeNull();
    expect(parseJsonObject('null')).toBeNull();
  });
});

interface NamedSocket extends SocketRecord {
  name: string | null;
}

describe('Sockets', () => {
  it('numbers sockets in order, routes their messages and closes, and finds the newest open one', () => {
    const heard: string[] = [];
    const sockets = new Sockets<NamedSocket>({
      message: (socket, text) => heard.push(`${socket.id}:${text}`),
      close: (socket) => {
        if (sockets.markClosed(socket)) heard.push(`${socket.id} closed`);
      },
    });
    const a = pipe();
    const b = pipe();
    const first = sockets.attach(a.connection, () => ({ name: 'alice' }));
    const second = sockets.attach(b.connection, () => ({ name: null }));
    expect([first.id, second.id, sockets.count]).toEqual([1, 2, 2]);
    a.clientSends('hello');
    b.clientCloses();
    b.clientCloses();
    expect(heard).toEqual(['1:hello', '2 closed']);
    expect(sockets.latestOpen()).toBe(first);
    expect(sockets.latestOpen((socket) => socket.name === null)).toBeUndefined();
    expect(sockets.byId(2)).toBe(second);
    sockets.closeAll();
    expect(sockets.latestOpen()).toBeUndefined();
  });
});

describe('SignalWire', () => {
  const wire = (received: string[] = []) =>
    new SignalWire<{ name: string }, SocketRecord>({
      standIn: 'Test stand-in',
      label: (frame) => [frame.name, {}],
      encode: (frame) => JSON.stringify(frame),
      receive: (_socket, text) => received.push(text),
      closed: () => undefined,
    });

  it('sends while the socket is open, logs every frame both ways, and adds a call frame to the call', async () => {
    const received: string[] = [];
    const signal = wire(received);
    const client = pipe();
    const socket = signal.attach(client.connection, () => ({}));
    const sentOne = signal.waitFor(() => signal.frames.find(0, (frame) => frame.name === 'one'), 'one', 1000);
    const callFrames: ({ name: string } & FrameRecord)[] = [];
    signal.sendOnCall(socket, { name: 'one' }, callFrames);
    signal.sendOnCall(undefined, { name: 'nowhere' }, callFrames);
    await expect(sentOne).resolves.toMatchObject({ name: 'one', direction: 'out', socket: 1 });
    client.clientSends('{"name":"two"}');
    signal.received(socket, { name: 'two' });
    socket.open = false;
    signal.send(socket, { name: 'late' });
    expect(client.sent).toEqual(['{"name":"one"}']);
    expect(received).toEqual(['{"name":"two"}']);
    expect(callFrames.map((frame) => frame.name)).toEqual(['one']);
    expect(signal.frames.entries.map((frame) => `${frame.direction} ${frame.name}`)).toEqual(['out one', 'in two', 'out late']);
  });

  it('names the stand-in, the wait and the frames when a wait runs out', async () => {
    const signal = wire();
    const socket = signal.attach(pipe().connection, () => ({}));
    signal.send(socket, { name: 'hello' });
    await expect(signal.waitFor(() => false, 'a miracle', 20)).rejects.toThrow(
      'Test stand-in waited 20 ms for a miracle; frames:\n← #1 hello {}',
    );
  });

  it("sets and ends calls' states, waking the waits", async () => {
    const signal = wire();
    const call: { state: 'ringing' | 'up' | 'over'; endedBy: 'client' | 'stand-in' | null } = { state: 'ringing', endedBy: null };
    const up = signal.waitFor(() => call.state === 'up', 'up', 1000);
    signal.setState(call, 'up');
    await expect(up).resolves.toBe(true);
    signal.endCall(call, 'over', 'client');
    expect(call).toEqual({ state: 'over', endedBy: 'client' });
  });
});

describe('FarWork', () => {
  it('keeps failures and runs work one step at a time', async () => {
    let changes = 0;
    const work = new FarWork(() => {
      changes += 1;
    });
    const order: string[] = [];
    const slow = work.inTurn(async () => {
      await new Promise((resolve) => setTimeout(resolve, 10));
      order.push('slow');
      throw new Error('far party gone');
    });
    const fast = work.inTurn(async () => {
      order.push('fast');
      return 'done';
    });
    work.track(slow);
    await expect(fast).resolves.toBe('done');
    expect(order).toEqual(['slow', 'fast']);
    expect(work.failures).toEqual([new Error('far party gone')]);
    expect(changes).toBe(1);
  });
});

describe('standInChecks', () => {
  const checks = standInChecks('Test stand-in');

  it('passes good input through (a copy of a record)', () => {
    const headers = { 'X-A': '1' };
    expect(checks.nonEmpty('alice', 'from')).toBe('alice');
    expect(checks.stringRecord(headers, 'headers')).toEqual(headers);
    expect(checks.stringRecord(headers, 'headers')).not.toBe(headers);
    expect(checks.stringRecord(undefined, 'headers')).toEqual({});
  });

  it('refuses bad input with a typed invalid-option error naming the stand-in and the field', () => {
    const refused = (run: () => unknown) => {
      try {
        run();
      } catch (error) {
        return error instanceof HandsetError ? `${error.code}: ${error.message}` : String(error);
      }
      return 'accepted';
    };
    expect(refused(() => checks.nonEmpty('', 'from'))).toBe('invalid-option: Test stand-in: `from` must be a non-empty string.');
    expect(refused(() => checks.stringRecord([], 'headers'))).toBe(
      'invalid-option: Test stand-in: `headers` must be an object of strings.',
    );
    expect(refused(() => checks.stringRecord({ n: 1 }, 'headers'))).toBe('invalid-option: Test stand-in: `headers.n` must be a string.');
  });
});

describe('routedConnection', () => {
  it('carries text both ways over a Playwright-shaped route, decoding binary frames as UTF-8, and closes with the code', () => {
    const routed = routedPipe();
    const connection = routedConnection(routed.route);
    const heard: string[] = [];
    let closed = 0;
    connection.onMessage((text) => heard.push(text));
    connection.onClose(() => {
      closed += 1;
    });
    connection.send('out');
    routed.message('in');
    routed.message(Buffer.from('binär', 'utf8'));
    routed.close();
    connection.close(4000);
    connection.close();
    expect(routed.sent).toEqual(['out']);
    expect(heard).toEqual(['in', 'binär']);
    expect(closed).toBe(1);
    expect(routed.closed).toEqual([{ code: 4000 }, undefined]);
  });
});
