import type { Page } from 'playwright-core';
import type { FarParty } from '../../src/stand-in/farParty';

/**
 * The FarParty the stand-in uses in these tests: window.far (farPage.ts) in a page of its own.
 * Digits it hears in the media come back through `window.reportDigit`, exposed here.
 */
export async function pageFarParty(page: Page): Promise<FarParty> {
  const digitListeners: Array<(digit: string, at: number) => void> = [];
  await page.exposeFunction('reportDigit', (digit: string, at: number) => {
    for (const listener of digitListeners) listener(digit, at);
  });
  return {
    answer: (offer) => page.evaluate((sdp) => window.far.answer(sdp), offer),
    reanswer: (offer) => page.evaluate((sdp) => window.far.reanswer(sdp), offer),
    offer: () => page.evaluate(() => window.far.offer()),
    reoffer: (held) => page.evaluate((h) => window.far.reoffer(h), held),
    accept: (answer) => page.evaluate((sdp) => window.far.accept(sdp), answer),
    addCandidate: (candidate, index) => page.evaluate(([line, mLine]) => window.far.addCandidate(line, mLine), [candidate, index] as const),
    onDigit: (listener) => {
      digitListeners.push(listener);
    },
    inboundPackets: () => page.evaluate(() => window.far.inboundPackets()),
    close: () => page.evaluate(() => window.far.close()).catch(() => undefined),
  };
}
