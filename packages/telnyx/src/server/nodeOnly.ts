/** The message a browser gets: an API key in a browser bundle is a key anyone can read. */
export const nodeOnlyMessage =
  '@handset/telnyx/server is for Node only: it takes your Telnyx API key, which must never reach a browser. ' +
  'Dial from your server, and use @handset/telnyx in the browser.';

/** Throws when loaded where there is a DOM: a browser, or a bundle made for one that skipped the "browser" export. */
export function refuseBrowsers(): void {
  if (typeof window !== 'undefined' || typeof document !== 'undefined') throw new Error(nodeOnlyMessage);
}
