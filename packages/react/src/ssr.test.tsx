// @vitest-environment node
import { ScriptedLine } from '@handset/core/testing';
import { renderToString } from 'react-dom/server';
import { describe, expect, it } from 'vitest';

describe('server rendering', () => {
  it('imports without a window and renders every component on the server', async () => {
    expect(typeof (globalThis as { window?: unknown }).window).toBe('undefined');
    const { PhoneProvider, CallStatus, CallTimer, CallControls, Dialpad, IncomingCallDialog } = await import('./index');
    const line = new ScriptedLine();
    const html = renderToString(
      <PhoneProvider options={{ line }}>
        <CallStatus />
        <CallTimer />
        <CallControls />
        <Dialpad />
        <IncomingCallDialog />
      </PhoneProvider>,
    );
    expect(html).toContain('No call');
    expect(html).toContain('0:00');
    expect(html).toContain('aria-label="Phone number"');
    expect(line.commands).toEqual([]); // effects do not run on the server: nothing was started or registered
  });
});
