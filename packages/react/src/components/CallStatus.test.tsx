import { act, render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { expectNoAxeViolations } from '../test/axe';
import { acted, ringIn, testPhone } from '../test/phone';
import { withPhone } from '../test/render';
import { CallStatus } from './CallStatus';

describe('CallStatus', () => {
  it('names every state of the active call, with data-state for styling', async () => {
    const { phone, line } = await testPhone();
    render(<CallStatus />, { wrapper: withPhone(phone) });
    const status = screen.getByRole('status');
    expect(status.textContent).toBe('No call');
    expect(status.dataset.state).toBe('idle');

    const call = acted(() => phone.call('+15550100002'));
    expect([status.textContent, status.dataset.state]).toEqual(['Calling…', 'dialing']);
    act(() => line.signal({ type: 'ringing', callId: call.id, earlyMedia: true }));
    expect([status.textContent, status.dataset.state]).toEqual(['Ringing…', 'ringing']);
    expect(status.hasAttribute('data-early-media')).toBe(true);
    act(() => line.signal({ type: 'answered', callId: call.id }));
    expect([status.textContent, status.dataset.state]).toEqual(['Connecting…', 'connecting']);
    act(() => line.signal({ type: 'connected', callId: call.id }));
    expect([status.textContent, status.dataset.state]).toEqual(['Connected', 'active']);
    act(() => call.mute());
    expect(status.hasAttribute('data-muted')).toBe(true);
    act(() => line.signal({ type: 'remoteHold', callId: call.id, held: true }));
    expect(status.textContent).toBe('Held by the other side');
    expect(status.hasAttribute('data-remote-hold')).toBe(true);
    act(() => line.signal({ type: 'remoteHold', callId: call.id, held: false }));
    act(() => call.hold());
    expect([status.textContent, status.dataset.state]).toEqual(['On hold', 'held']);
    act(() => call.unhold());
    act(() => line.signal({ type: 'reconnecting', callId: call.id }));
    expect([status.textContent, status.dataset.state]).toEqual(['Reconnecting…', 'reconnecting']);
    await expectNoAxeViolations();
  });

  it('tells how a given call ended', async () => {
    const { phone, line } = await testPhone();
    const call = acted(() => phone.call('+15550100002'));
    render(<CallStatus callId={call.id} />, { wrapper: withPhone(phone) });
    act(() => line.signal({ type: 'ended', callId: call.id, end: { reason: 'busy', sipCode: 486 } }));
    const status = screen.getByRole('status');
    expect([status.textContent, status.dataset.state, status.dataset.endReason]).toEqual(['Busy', 'ended', 'busy']);
  });

  it('shows an incoming call by id, takes labels, className and asChild', async () => {
    const { phone, line } = await testPhone();
    const id = ringIn(line);
    render(
      <CallStatus callId={id} asChild className="mine" labels={{ incoming: 'Appel entrant' }}>
        <p data-testid="p">Status: </p>
      </CallStatus>,
      { wrapper: withPhone(phone) },
    );
    const p = screen.getByTestId('p');
    expect(p.tagName).toBe('P');
    expect(p.textContent).toBe('Status: Appel entrant');
    expect(p.getAttribute('role')).toBe('status');
    expect(p.className).toBe('hs-call-status mine');
    expect(p.dataset.state).toBe('incoming');
    await expectNoAxeViolations();
  });
});
