/**
 * The Line contract suite (`describeLine`) on the Telnyx line: phone `a` is a handset phone on the real
 * @telnyx/webrtc in Chromium, `b` is the far end of Telnyx's network, driven through the stand-in.
 */
import type { ContractPhone } from '@handset/core/testing';
import { describeLine } from '@handset/core/testing';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, test } from 'vitest';
import { farSide } from './support/farSide';
import { type BedShared, type LineBed, startBed, startShared } from './support/lineBed';

let shared: BedShared;

beforeAll(async () => {
  shared = await startShared();
});
afterAll(async () => {
  await shared?.close();
});

/** The page's phone as the suite's ContractPhone: each method runs in the page through `window.line.contract`. */
function pagePhone(page: Page, name: string): ContractPhone {
  const call =
    (method: keyof ContractPhone) =>
    (...args: unknown[]) =>
      page.evaluate(({ n, m, a }) => window.line.contract(n, m, a), { n: name, m: method, a: args }) as Promise<never>;
  return {
    address: name,
    capabilities: call('capabilities'),
    call: call('call'),
    nextIncoming: call('nextIncoming'),
    run: call('run'),
    snapshot: call('snapshot'),
    events: call('events'),
    waitFor: call('waitFor'),
    dispose: call('dispose'),
  };
}

describeLine(
  'telnyx (real SDK, stand-in signalling)',
  {
    pair: async () => {
      const bed: LineBed = await startBed(shared);
      const options = { host: bed.standIn.url, login: 'handset', password: 'handset', iceServers: [] };
      const created = await bed.page.evaluate((o) => window.line.create('alice', o as never), options);
      if (created) throw new Error(`telnyx() threw ${created}`);
      const failed = await bed.page.evaluate(() => window.line.connect('alice'));
      if (failed) throw new Error(`connect() failed: ${failed}`);
      return { a: pagePhone(bed.page, 'alice'), b: farSide(bed.standIn, '+15550002222'), close: () => bed.close() };
    },
    timeoutMs: 60_000,
    waitMs: 20_000,
  },
  { describe, test },
);
