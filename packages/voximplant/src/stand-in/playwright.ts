import { routedConnection } from '@handset/core/testing';
import type { BrowserContext, Page, WebSocketRoute } from 'playwright-core';
import type { SignalConnection } from './connection';
import type { StandIn } from './standIn';

export interface RouteVoximplantOptions {
  /**
   * The server given to the SDK as `init({ serverIp })`: the SDK then skips its balancer
   * (https://balancer.voximplant.com/getNearestHost) and dials `wss://{host}/platform?…`.
   */
  readonly host: string;
  /** Also answer the balancer with `host`, for an SDK initialised without `serverIp`. Default true. */
  readonly balancer?: boolean;
}

/** The SDK's balancer: it answers a plain-text list of hosts separated by `;`. */
export const BALANCER_URL = 'https://balancer.voximplant.com/getNearestHost';

/** Playwright's mocked WebSocket as the stand-in's connection: no TLS, nothing leaves the browser. */
export function webSocketConnection(route: WebSocketRoute): SignalConnection {
  return routedConnection(route);
}

/**
 * Points a page's (or a whole context's) Voximplant traffic at the stand-in: the signalling socket
 * `wss://{host}/platform?…` and, unless turned off, the balancer's `getNearestHost`.
 */
export async function routeVoximplant(target: Page | BrowserContext, standIn: StandIn, options: RouteVoximplantOptions): Promise<void> {
  const host = options.host;
  await target.routeWebSocket(
    (url) => url.protocol === 'wss:' && url.host === host && url.pathname === '/platform',
    (route) => {
      standIn.attach(webSocketConnection(route));
    },
  );
  if (options.balancer !== false) {
    await target.route(BALANCER_URL, (route) =>
      route.fulfill({ status: 200, contentType: 'text/plain', headers: { 'access-control-allow-origin': '*' }, body: host }),
    );
  }
}
