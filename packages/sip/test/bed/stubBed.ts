/**
 * The hooks and helpers of a test file that drives one phone page against the scriptable SIP stub,
 * with a second page as the far side's media (harness/farPeer.ts): the SIP is scripted, the audio
 * between the two pages is real. Nothing may reach unhandledrejection in the phone's page.
 */
import { createSocket } from 'node:dgram';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { launchChromium } from '../../../../tools/testing/chromium';
import { type HarnessServer, serveHarness } from '../../../../tools/testing/serve';
import { openPhonePage, type PhonePage } from './pages';
import { type RegisterScript, type SipRequest, type SipStub, type SipStubOptions, startSipStub } from './sipStub';

export const stubContact = 'Contact: <sip:stub@127.0.0.1;transport=ws>';
export const sdpType = 'Content-Type: application/sdp';

/** True for a request inside a dialog (its To has a tag): a re-INVITE rather than a new call. */
export const inDialog = (request: SipRequest) => /;tag=/.test(request.header('to') ?? '');

/**
 * A UDP socket on loopback given as the STUN server: it takes every request and answers none, so
 * the phone's ICE gathering runs on until SIP.js stops waiting (`iceGatheringTimeoutMs`).
 */
export async function stunBlackHole() {
  const socket = createSocket('udp4');
  const requests: Buffer[] = [];
  socket.on('message', (message) => {
    // A STUN Binding Request: type 0x0001 and the magic cookie 0x2112A442 (RFC 5389).
    if (message.length >= 20 && message.readUInt16BE(0) === 0x0001 && message.readUInt32BE(4) === 0x2112a442) requests.push(message);
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  return {
    url: `stun:127.0.0.1:${socket.address().port}`,
    requests,
    close: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}

export interface StubBed {
  readonly stub: SipStub;
  /** The phone under test (user alice). */
  readonly page: Page;
  /** Opens the stub and the phone's page and registers alice; extra goes to sip({...}). */
  register(options: SipStubOptions, extra?: Record<string, unknown>, script?: RegisterScript): Promise<Page>;
  /** The far side's answer to an offer, with every candidate, from a fresh peer connection. */
  farAnswer(offer: string): Promise<string>;
  /** The far side's answer to a later offer (a re-INVITE) on the same peer connection. */
  farReanswer(offer: string): Promise<string>;
  /** Audio packets the far side received from the phone. */
  farInboundPackets(): Promise<number>;
}

/** `chromiumArgs`: extra switches for this file's Chromium, e.g. `--disable-webrtc-encryption` to read RTP on the wire. */
export function useStubBed(title: string, options: { chromiumArgs?: readonly string[] } = {}): StubBed {
  let harness: HarnessServer;
  let browser: Browser;
  let stub: SipStub | undefined;
  let phone: PhonePage | undefined;
  let far: PhonePage | undefined;

  beforeAll(async () => {
    harness = await serveHarness(fileURLToPath(new URL('../harness/page.ts', import.meta.url)), title);
    browser = await launchChromium(options.chromiumArgs);
  });

  afterEach(async (context) => {
    if (context.task.result?.state === 'fail' && phone) {
      console.log(await phone.page.evaluate(() => window.bed.log.join('\n')).catch(() => '(page gone)'));
      console.log(stub?.methods.join(' '));
    }
    const rejections = phone
      ? await phone.page.evaluate(() => window.bed.log.filter((line) => line.startsWith('unhandledrejection'))).catch(() => [])
      : [];
    await phone?.page.evaluate(() => window.bed.dispose('alice')).catch(() => {});
    await far?.page.evaluate(() => window.farPeer.close()).catch(() => {});
    await Promise.all([phone?.context.close().catch(() => {}), far?.context.close().catch(() => {})]);
    await stub?.close();
    phone = undefined;
    far = undefined;
    stub = undefined;
    expect(rejections).toEqual([]);
  });

  afterAll(async () => {
    await browser?.close().catch(() => {});
    await harness?.close().catch(() => {});
  });

  const farPage = async () => {
    far ??= await openPhonePage(browser, harness.origin);
    return far.page;
  };

  return {
    get stub() {
      if (!stub) throw new Error('register() first');
      return stub;
    },
    get page() {
      if (!phone) throw new Error('register() first');
      return phone.page;
    },
    async register(options, extra = {}, script = () => ({ status: 200, reason: 'OK' })) {
      stub = await startSipStub(script, options);
      phone = await openPhonePage(browser, harness.origin);
      const lineOptions = {
        server: stub.url,
        uri: 'sip:alice@handset.test',
        reconnection: { baseMs: 100, maxMs: 400, maxAttempts: 5 },
        withMedia: true,
        ...extra,
      };
      expect(await phone.page.evaluate((o) => window.bed.connect('alice', o as never), lineOptions)).toEqual({ ok: true });
      return phone.page;
    },
    async farAnswer(offer) {
      return (await farPage()).evaluate((sdp) => window.farPeer.answer(sdp), offer);
    },
    async farReanswer(offer) {
      return (await farPage()).evaluate((sdp) => window.farPeer.reanswer(sdp), offer);
    },
    async farInboundPackets() {
      return (await farPage()).evaluate(() => window.farPeer.inboundPackets());
    },
  };
}
