import { act, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ComponentPropsWithoutRef } from 'react';
import { describe, expect, it } from 'vitest';
import { HangUpButton, HoldButton } from '../components/CallButtons';
import { expectNoAxeViolations } from '../test/axe';
import { acted, activeOutgoing, ringIn, testPhone } from '../test/phone';
import { isDisabled, withPhone } from '../test/render';
import { useHangUpButton, useMuteButton, useTransferButton } from './useCallButtons';
import { useDtmfKey } from './useDtmfKey';
import { useAcceptButton, useRejectButton } from './useIncomingCallButtons';

/** A design system's own button: any element, styled its way, with the kit's rules from a prop getter. */
function DsMute(props: ComponentPropsWithoutRef<'button'>) {
  const { buttonProps, pressed } = useMuteButton(props);
  return <button type="button" className={pressed ? 'ds ds-on' : 'ds'} {...buttonProps} />;
}

function DsHangUpLink(props: ComponentPropsWithoutRef<'a'> & { disabled?: boolean }) {
  const { buttonProps } = useHangUpButton(props);
  return <a href="#hang-up" {...buttonProps} />;
}

function DsAccept() {
  const { buttonProps } = useAcceptButton({});
  return <button type="button" {...buttonProps} />;
}

function DsDecline() {
  const { buttonProps } = useRejectButton({ children: 'Nope' });
  return <button type="button" {...buttonProps} />;
}

function DsKey({ digit }: { digit: string }) {
  const { buttonProps } = useDtmfKey({ digit });
  return <button type="button" {...buttonProps} />;
}

function DsTransfer({ destination, onTransferError }: { destination: string; onTransferError?: (error: unknown) => void }) {
  const { buttonProps } = useTransferButton({ destination, onTransferError });
  return <button type="button" {...buttonProps} />;
}

describe('prop-getter hooks', () => {
  it('give a design system the state machine: labels, pressed state, and clicks that run the command', async () => {
    const user = userEvent.setup();
    const { phone, line } = await testPhone();
    render(<DsMute />, { wrapper: withPhone(phone) });
    const mute = screen.getByRole('button', { name: 'Mute' });
    expect(isDisabled(mute)).toBe(true);
    expect(mute.getAttribute('aria-description')).toBe('There is no call.');
    await user.click(mute);
    expect(line.sent({ type: 'setMuted' })).toEqual([]);

    const id = acted(() => activeOutgoing(phone, line));
    expect(isDisabled(mute)).toBe(false);
    expect(mute.hasAttribute('aria-description')).toBe(false);
    await user.click(mute);
    expect(mute.getAttribute('aria-pressed')).toBe('true');
    expect(mute.dataset.state).toBe('on');
    expect(mute.className).toBe('ds ds-on');
    expect(line.sent({ type: 'setMuted' }).map((c) => c.args)).toEqual([[id, true]]);
    await expectNoAxeViolations();
  });

  it('disabled={false} cannot enable a command the transition table forbids; disabled={true} does disable', async () => {
    const user = userEvent.setup();
    const { phone, line } = await testPhone();
    const { rerender } = render(
      <>
        <HangUpButton disabled={false} />
        <HoldButton disabled={false} />
      </>,
      { wrapper: withPhone(phone) },
    );
    const hangUp = screen.getByRole('button', { name: 'Hang up' });
    expect(isDisabled(hangUp)).toBe(true);
    await user.click(hangUp); // no call: the click must not reach the core (which would throw)
    const id = acted(() => phone.call('+15550100002').id);
    // Dialing: hold is not in the table yet, hang-up (cancel) is.
    expect(isDisabled(screen.getByRole('button', { name: 'Hold' }))).toBe(true);
    expect(screen.getByRole('button', { name: 'Hold' }).getAttribute('aria-description')).toBe('Not possible in the call’s current state.');
    expect(isDisabled(hangUp)).toBe(false);
    rerender(
      <>
        <HangUpButton disabled />
        <HoldButton />
      </>,
    );
    expect(isDisabled(hangUp)).toBe(true);
    expect(hangUp.hasAttribute('aria-description')).toBe(false); // the app's reason, not the call's
    await user.click(hangUp);
    expect(line.sent({ type: 'hangup' })).toEqual([]);
    expect(phone.getCall(id)?.state).toBe('dialing');
  });

  it('never put `disabled` on an asChild anchor: aria-disabled and data-disabled, and the click does not navigate', async () => {
    const user = userEvent.setup();
    const { phone, line } = await testPhone();
    render(
      <>
        <DsHangUpLink>End call</DsHangUpLink>
        <HangUpButton asChild>
          <a href="#end">End (asChild)</a>
        </HangUpButton>
      </>,
      { wrapper: withPhone(phone) },
    );
    for (const name of ['End call', 'End (asChild)']) {
      const link = screen.getByRole('link', { name });
      expect(link.hasAttribute('disabled')).toBe(false);
      expect(isDisabled(link)).toBe(true);
      await user.click(link);
      expect(window.location.hash).toBe('');
    }
    await expectNoAxeViolations();
    acted(() => activeOutgoing(phone, line));
    await user.click(screen.getByRole('link', { name: 'End (asChild)' }));
    expect(line.sent({ type: 'hangup' })).toHaveLength(1);
  });

  it('accept and decline act on the alerting call, enabled only while it alerts', async () => {
    const user = userEvent.setup();
    const { phone, line } = await testPhone();
    render(
      <>
        <DsAccept />
        <DsDecline />
      </>,
      { wrapper: withPhone(phone) },
    );
    expect(isDisabled(screen.getByRole('button', { name: 'Accept' }))).toBe(true);
    const id = acted(() => ringIn(line));
    expect(isDisabled(screen.getByRole('button', { name: 'Accept' }))).toBe(false);
    await user.click(screen.getByRole('button', { name: 'Nope' }));
    expect(line.sent({ type: 'reject' }).map((c) => c.args[0])).toEqual([id]);
  });

  it('a DTMF key sends its tone while the call can take tones, and transfer needs a destination and the capability', async () => {
    const user = userEvent.setup();
    const { phone, line } = await testPhone({
      line: { capabilities: { blindTransfer: true } },
      phone: { dtmf: { toneMs: 40, gapMs: 30 } },
    });
    const errors: unknown[] = [];
    const { rerender } = render(
      <>
        <DsKey digit="7" />
        <DsTransfer destination="" />
      </>,
      { wrapper: withPhone(phone) },
    );
    const id = acted(() => activeOutgoing(phone, line));
    await user.click(screen.getByRole('button', { name: '7' }));
    await act(() => new Promise((r) => setTimeout(r, 150)));
    expect(line.sent({ type: 'sendDtmf' }).map((c) => c.args.slice(0, 2))).toEqual([[id, '7']]);
    expect(isDisabled(screen.getByRole('button', { name: 'Transfer' }))).toBe(true);
    rerender(
      <>
        <DsKey digit="7" />
        <DsTransfer destination="not a number" onTransferError={(e) => errors.push(e)} />
      </>,
    );
    await user.click(screen.getByRole('button', { name: 'Transfer' }));
    expect(errors.map((e) => (e as { code?: string }).code)).toEqual(['invalid-destination']);
    rerender(
      <>
        <DsKey digit="7" />
        <DsTransfer destination="+15550100003" />
      </>,
    );
    await user.click(screen.getByRole('button', { name: 'Transfer' }));
    expect(line.sent({ type: 'transfer' }).map((c) => c.args)).toEqual([[id, '+15550100003']]);
  });

  it('transfer is disabled with its reason on a line that cannot transfer', async () => {
    const { phone, line } = await testPhone({ line: { capabilities: { blindTransfer: false } } });
    render(<DsTransfer destination="+15550100003" />, { wrapper: withPhone(phone) });
    acted(() => activeOutgoing(phone, line));
    const transfer = screen.getByRole('button', { name: 'Transfer' });
    expect(isDisabled(transfer)).toBe(true);
    expect(transfer.getAttribute('aria-description')).toBe('This line cannot do this.');
  });
});
