import { expect, test } from 'vitest';

test('importing @handset/core and creating a phone with its media kit touches no browser global', async () => {
  const browserGlobals = ['window', 'document', 'navigator', 'RTCPeerConnection', 'AudioContext', 'MediaStream', 'localStorage'];
  const touched: string[] = [];
  const saved = new Map<string, PropertyDescriptor | undefined>();
  for (const name of browserGlobals) {
    saved.set(name, Object.getOwnPropertyDescriptor(globalThis, name));
    Object.defineProperty(globalThis, name, {
      configurable: true,
      get() {
        touched.push(name);
        return undefined;
      },
    });
  }
  try {
    const core = await import('../src/index');
    const { browserMedia } = await import('../src/media');
    const { ScriptedLine } = await import('../src/testing');
    core.createPhone({ line: new ScriptedLine(), media: browserMedia() });
  } finally {
    for (const [name, descriptor] of saved) {
      if (descriptor) Object.defineProperty(globalThis, name, descriptor);
      else delete (globalThis as Record<string, unknown>)[name];
    }
  }
  expect(touched).toEqual([]);
});
