import type { SipHeader } from '@handset/core';
import { sipHeadersOf } from './incoming';

/** Custom headers as SIP.js's `extraHeaders` lines. */
export function toHeaderLines(headers: readonly SipHeader[]): string[] {
  return headers.map((header) => `${header.name}: ${header.value}`);
}

/** A message's `X-` headers as an optional signal field: left out when there are none. */
export function headersOf(source: Parameters<typeof sipHeadersOf>[0] | readonly SipHeader[]): { headers?: readonly SipHeader[] } {
  const headers = Array.isArray(source) ? (source as readonly SipHeader[]) : sipHeadersOf(source as Parameters<typeof sipHeadersOf>[0]);
  return headers.length > 0 ? { headers } : {};
}
