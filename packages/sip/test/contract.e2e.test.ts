import { type ContractPhone, describeLine, remoteContractPhone } from '@handset/core/testing';
import type { Page } from 'playwright-core';
import { describe, test } from 'vitest';
import { testDomain } from './bed/kamailio';
import { useKamailioPhones } from './bed/kamailioPhones';

const phones = useKamailioPhones('SIP line contract');

/** A phone in a page, as the contract suite drives it: each method runs in the page on plain data. */
function pagePhone(page: Page, name: string): ContractPhone {
  return remoteContractPhone(`sip:${name}@${testDomain}`, (method, args) =>
    page.evaluate(([n, m, a]) => window.bed.contract(n as string, m as never, a as unknown[]), [name, method, args] as const),
  );
}

// The Line contract through a real Kamailio: two pages, each registered as its own user.
describeLine(
  'sip (through Kamailio, real WebRTC media)',
  {
    pair: async () => {
      // DTMF by INFO: a browser receiving RFC 4733 events has no API to report them, so between two browser
      // phones only INFO can be seen arriving. RFC 4733 itself is checked against real RTP in sip.e2e and interop.
      const [alice, bob] = await Promise.all([phones.phone('alice', { dtmfMode: 'info' }), phones.phone('bob', { dtmfMode: 'info' })]);
      // Created before any call, so each hears its incoming calls.
      const a = pagePhone(alice.page, 'alice');
      const b = pagePhone(bob.page, 'bob');
      await Promise.all([a.capabilities(), b.capabilities()]);
      // The bed disposes both pages' phones after each test.
      return { a, b, close: async () => {} };
    },
  },
  { describe, test },
);
