import { routedConnection } from '@handset/core/testing';
import type { BrowserContext, Page, Route, WebSocketRoute } from 'playwright-core';
import type { SignalConnection } from './connection';
import type { StandIn } from './standIn';

export interface RouteTwilioOptions {
  /** The `chunderw` host given to the Device: the SDK dials `wss://{host}/signal`. */
  readonly host: string;
  /** Also answer the SDK's Insights POSTs (https://eventgw…twilio.com/v4/…) and record them. Default true. */
  readonly insights?: boolean;
}

/** Playwright's mocked WebSocket as the stand-in's connection: no TLS, nothing leaves the browser. */
export function webSocketConnection(route: WebSocketRoute): SignalConnection {
  return routedConnection(route);
}

/** True for the SDK's Insights endpoint (`eventgw.twilio.com`, `eventgw.{home}.twilio.com`). */
export function isInsightsUrl(url: URL): boolean {
  return url.protocol === 'https:' && url.hostname.startsWith('eventgw.') && url.hostname.endsWith('.twilio.com');
}

/** The SDK posts from the app's origin with a custom header, so the answers carry CORS headers. */
const corsHeaders = {
  'access-control-allow-origin': '*',
  'access-control-allow-headers': 'content-type, x-twilio-token',
  'access-control-allow-methods': 'POST, OPTIONS',
};

async function answerInsights(route: Route, standIn: StandIn): Promise<void> {
  const request = route.request();
  if (request.method() === 'OPTIONS') {
    await route.fulfill({ status: 204, headers: corsHeaders });
    return;
  }
  let body: unknown = null;
  try {
    body = request.postDataJSON();
  } catch {
    body = null;
  }
  standIn.recordInsights(request.url(), body, request.headers()['x-twilio-token'] ?? null);
  await route.fulfill({ status: 200, headers: corsHeaders, contentType: 'application/json', body: '{}' });
}

/**
 * Points a page's (or a whole context's) Twilio traffic at the stand-in: the signalling socket
 * `wss://{host}/signal` and, unless turned off, the Insights POSTs (where `call.postFeedback` goes).
 * Give the Device `chunderw: host`.
 */
export async function routeTwilio(target: Page | BrowserContext, standIn: StandIn, options: RouteTwilioOptions): Promise<void> {
  const host = options.host;
  await target.routeWebSocket(`wss://${host}/signal`, (route) => {
    standIn.attach(webSocketConnection(route));
  });
  if (options.insights !== false) {
    await target.route(isInsightsUrl, (route) => answerInsights(route, standIn));
  }
}
