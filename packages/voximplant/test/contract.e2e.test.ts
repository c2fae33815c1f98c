/**
 * The Line contract (describeLine from @handset/core/testing) on the Voximplant line: phone A is handset on
 * `voximplant()` with the real Web SDK in Chromium; its calls go through the local stand-in of Voximplant's
 * signalling to a far party with real media that answers as a second handset phone would (farContract.ts).
 */
import { type ContractPhone, describeLine, remoteContractPhone } from '@handset/core/testing';
import type { Page } from 'playwright-core';
import { describe, test } from 'vitest';
import { farContractPhone } from './harness/farContract';
import { useLineBed } from './harness/lineBed';

const beds = useLineBed();

/** The line's phone in its page, as the suite drives it: each method runs there on plain data. */
function pagePhone(page: Page, address: string): ContractPhone {
  return remoteContractPhone(address, (method, args) =>
    page.evaluate(([m, a]) => window.line.contract(m as string, a as unknown[]), [method, args] as const),
  );
}

describeLine(
  'voximplant (real Web SDK, through the stand-in, to a far party with real media)',
  {
    pair: async () => {
      const bed = await beds.open({ outgoing: 'ring' });
      await bed.connect();
      // The bed closes the pages and the stand-in after each test.
      return { a: pagePhone(bed.page, 'alice'), b: farContractPhone(bed.standIn, '+14155550199'), close: async () => {} };
    },
    timeoutMs: 60_000,
  },
  { describe, test },
);
