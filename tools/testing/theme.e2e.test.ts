import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { transform } from 'lightningcss';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './chromium.ts';

// theme.css in a real Chromium page: it styles the kit's own elements and leaves the host page alone.
const themePath = fileURLToPath(new URL('../../packages/react/src/styles/theme.css', import.meta.url));
const theme = readFileSync(themePath, 'utf8');
// What a Vite 8 app ships: lightningcss lowers light-dark() for browsers without it (Chrome 107 here).
const lowered = transform({
  filename: 'theme.css',
  code: Buffer.from(theme),
  minify: true,
  targets: { chrome: 107 << 16 },
}).code.toString();

const markup = `
  <main id="host"><p id="text">Host page text</p></main>
  <div class="hs-dialpad" id="dialpad"><button class="hs-dialpad-key" id="key">1</button></div>
  <section data-hs-theme="dark" id="dark-scope"><div class="hs-call-status" id="dark-status">Ringing</div></section>
  <section data-hs-theme id="custom-scope" style="--hs-accent: rgb(1, 2, 3)"><button class="hs-call-button" id="custom">Mute</button></section>`;

interface Styles {
  rootScheme: string;
  bodyBackground: string;
  bodyColor: string;
  hostScheme: string;
  hostFont: string;
  textColor: string;
  rootAccent: string;
}

async function hostStyles(page: Page): Promise<Styles> {
  return page.evaluate(() => {
    const root = getComputedStyle(document.documentElement);
    const body = getComputedStyle(document.body);
    const host = getComputedStyle(document.getElementById('host')!);
    return {
      rootScheme: root.colorScheme,
      bodyBackground: body.backgroundColor,
      bodyColor: body.color,
      hostScheme: host.colorScheme,
      hostFont: host.fontFamily,
      textColor: getComputedStyle(document.getElementById('text')!).color,
      rootAccent: root.getPropertyValue('--hs-accent'),
    };
  });
}

async function load(page: Page, css: string | null): Promise<void> {
  await page.setContent(`<!doctype html><html><head>${css === null ? '' : `<style>${css}</style>`}</head><body>${markup}</body></html>`);
}

/** The used value of a colour, read from a property that takes it (custom properties keep their tokens). */
const resolved = (page: Page, id: string, property: 'backgroundColor' | 'color') =>
  page.evaluate(([i, p]) => getComputedStyle(document.getElementById(i!)!)[p as 'color'], [id, property] as const);

describe('theme.css is scoped to the kit', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  for (const [name, css] of [
    ['as written', theme],
    ['as lowered by lightningcss', lowered],
  ] as const) {
    for (const scheme of ['light', 'dark'] as const) {
      it(`${name}, system ${scheme}: leaves the host page unchanged and themes the kit`, async () => {
        const context = await browser.newContext({ colorScheme: scheme });
        const page = await context.newPage();
        try {
          await load(page, null);
          const before = await hostStyles(page);
          await load(page, css);
          const after = await hostStyles(page);
          expect(after).toEqual(before);
          expect(after.rootScheme).toBe('normal');
          expect(after.rootAccent).toBe('');

          // The kit follows the system: light-dark() picks by the kit element's own color-scheme.
          const dialpad = await page.evaluate(() => getComputedStyle(document.getElementById('dialpad')!).colorScheme);
          expect(dialpad).toBe('light dark');
          expect(await resolved(page, 'dialpad', 'backgroundColor')).toBe(scheme === 'dark' ? 'rgb(12, 17, 29)' : 'rgb(255, 255, 255)');
          expect(await resolved(page, 'key', 'color')).toBe(scheme === 'dark' ? 'rgb(245, 245, 246)' : 'rgb(16, 24, 40)');
          // data-hs-theme="dark" forces the kit inside it dark, whatever the system says.
          expect(await resolved(page, 'dark-status', 'color')).toBe('rgb(206, 207, 210)');
          // A token set on a data-hs-theme ancestor reaches the kit's elements inside it.
          const custom = await page.evaluate(() => getComputedStyle(document.getElementById('custom')!).getPropertyValue('--hs-accent'));
          expect(custom.trim()).toBe('rgb(1, 2, 3)');
        } finally {
          await context.close();
        }
      });
    }
  }
});
