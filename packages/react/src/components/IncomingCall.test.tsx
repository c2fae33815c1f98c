import { act, render, screen, waitFor } from '@testing-library/react';
import userEvent, { PointerEventsCheckLevel } from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { expectNoAxeViolations } from '../test/axe';
import { TestMedia } from '../test/media';
import { acted, activeOutgoing, ringIn, testPhone } from '../test/phone';
import { withPhone } from '../test/render';
import { IncomingCall, IncomingCallDialog } from './IncomingCall';

function App({ onOutside }: { onOutside: () => void }) {
  return (
    <main>
      <button type="button" onClick={onOutside}>
        Outside
      </button>
      <IncomingCallDialog />
    </main>
  );
}

async function setup() {
  const user = userEvent.setup();
  const t = await testPhone();
  const onOutside = vi.fn();
  render(<App onOutside={onOutside} />, { wrapper: withPhone(t.phone) });
  return { ...t, user, onOutside };
}

/** After the dialog closes, the page must take clicks again (Radix can leave pointer-events: none on body). */
async function expectClickThrough(user: ReturnType<typeof userEvent.setup>, onOutside: ReturnType<typeof vi.fn>) {
  await waitFor(() => expect(screen.queryByRole('alertdialog')).toBeNull());
  expect(document.body.style.pointerEvents).toBe('');
  const calls = onOutside.mock.calls.length;
  await user.click(screen.getByRole('button', { name: 'Outside' })); // user-event refuses to click through pointer-events: none
  expect(onOutside).toHaveBeenCalledTimes(calls + 1);
}

describe('IncomingCallDialog', () => {
  it('is closed without an incoming call', async () => {
    await setup();
    expect(screen.queryByRole('alertdialog')).toBeNull();
  });

  it('opens as a labelled alertdialog with the caller, focus on Accept, and accepts', async () => {
    const { line, phone, user, onOutside } = await setup();
    const id = acted(() => ringIn(line, { number: '+15550100009', name: 'Ada Lovelace' }));
    const dialog = await screen.findByRole('alertdialog', { name: 'Incoming call' });
    expect(dialog.getAttribute('aria-describedby')).toBeTruthy();
    const description = document.getElementById(dialog.getAttribute('aria-describedby') as string);
    expect(description?.textContent).toBe('Ada Lovelace +15550100009');
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Accept' })));
    expect(screen.queryByRole('button', { name: 'Hold & accept' })).toBeNull();
    await expectNoAxeViolations();

    await user.keyboard('{Enter}');
    expect(line.sent({ type: 'accept' }).map((c) => c.args[0])).toEqual([id]);
    expect(phone.getCall(id)?.state).toBe('connecting');
    await expectClickThrough(user, onOutside);
  });

  it('moves focus to Accept when it rings, and back where it was once the call is answered', async () => {
    const { line, user } = await setup();
    const before = document.body.appendChild(document.createElement('button'));
    before.textContent = 'Where I was';
    before.focus();
    acted(() => ringIn(line));
    await screen.findByRole('alertdialog', { name: 'Incoming call' });
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Accept' })));
    await user.keyboard('{Enter}');
    await waitFor(() => expect(screen.queryByRole('alertdialog')).toBeNull());
    await waitFor(() => expect(document.activeElement).toBe(before));
    before.remove();
  });

  it('renders the caller name and number as text, never as HTML', async () => {
    const { line } = await setup();
    const name = '<img src=x onerror="window.pwned=1"><b>Eve</b>';
    acted(() => ringIn(line, { number: '<script>1</script>', name }));
    const dialog = await screen.findByRole('alertdialog');
    expect(dialog.querySelector('img, b, script')).toBeNull();
    expect(screen.getByText(name)).toBeTruthy();
    expect(screen.getByText('<script>1</script>')).toBeTruthy();
  });

  it('shows the number alone when there is no name', async () => {
    await setup().then(({ line }) => acted(() => ringIn(line, { number: '+15550100007' })));
    const dialog = await screen.findByRole('alertdialog');
    const description = document.getElementById(dialog.getAttribute('aria-describedby') as string);
    expect(description?.textContent?.trim()).toBe('+15550100007');
  });

  it('declines with Decline, and the page takes clicks afterwards', async () => {
    const { line, user, onOutside } = await setup();
    const id = acted(() => ringIn(line));
    await user.click(await screen.findByRole('button', { name: 'Decline' }));
    expect(line.sent({ type: 'reject' }).map((c) => c.args.slice(0, 2))).toEqual([[id, 486]]);
    await expectClickThrough(user, onOutside);
  });

  it('ignores with Escape (and with Ignore)', async () => {
    const { line, user, onOutside } = await setup();
    const first = acted(() => ringIn(line));
    await screen.findByRole('alertdialog');
    await user.keyboard('{Escape}');
    expect(line.sent({ type: 'ignore' }).map((c) => c.args[0])).toEqual([first]);
    await expectClickThrough(user, onOutside);

    const second = acted(() => ringIn(line));
    await user.click(await screen.findByRole('button', { name: 'Ignore' }));
    expect(line.sent({ type: 'ignore' }).map((c) => c.args[0])).toEqual([first, second]);
    expect(line.sent({ type: 'reject' })).toHaveLength(0);
  });

  it('does not close on a click outside: the call needs an answer', async () => {
    const { line } = await setup();
    acted(() => ringIn(line));
    const dialog = await screen.findByRole('alertdialog');
    // The page under a modal has pointer-events: none; press on it anyway, as a stray tap would.
    const user = userEvent.setup({ pointerEventsCheck: PointerEventsCheckLevel.Never });
    await user.pointer({ keys: '[MouseLeft]', target: screen.getByRole('button', { name: 'Outside', hidden: true }) });
    expect(screen.getByRole('alertdialog')).toBe(dialog);
    expect(line.sent({ type: 'ignore' })).toHaveLength(0);
  });

  it('closes when the caller gives up, and the page takes clicks afterwards', async () => {
    const { line, user, onOutside } = await setup();
    const id = acted(() => ringIn(line));
    await screen.findByRole('alertdialog');
    act(() => line.signal({ type: 'ended', callId: id, end: { reason: 'cancelled' } }));
    await expectClickThrough(user, onOutside);
  });

  it('offers call-waiting choices during another call: hold and accept', async () => {
    const { line, phone, user, onOutside } = await setup();
    const active = acted(() => activeOutgoing(phone, line));
    const waiting = acted(() => ringIn(line, { number: '+15550100008', name: 'Grace' }));
    await screen.findByRole('alertdialog', { name: 'Call waiting' });
    const holdAndAccept = screen.getByRole('button', { name: 'Hold & accept' });
    screen.getByRole('button', { name: 'End & accept' });
    screen.getByRole('button', { name: 'Decline' });
    expect(screen.queryByRole('button', { name: 'Accept' })).toBeNull();
    await waitFor(() => expect(document.activeElement).toBe(holdAndAccept));
    await expectNoAxeViolations();
    await user.click(holdAndAccept);
    expect(phone.getCall(active)?.state).toBe('held');
    expect(phone.getCall(waiting)?.state).toBe('connecting');
    await expectClickThrough(user, onOutside);
  });

  it('call waiting: end and accept hangs up the other call', async () => {
    const { line, phone, user } = await setup();
    const active = acted(() => activeOutgoing(phone, line));
    const waiting = acted(() => ringIn(line));
    await user.click(await screen.findByRole('button', { name: 'End & accept' }));
    expect(line.sent({ type: 'hangup' }).map((c) => c.args[0])).toEqual([active]);
    expect(phone.getCall(waiting)?.state).toBe('connecting');
  });

  it('call waiting: decline leaves the active call alone', async () => {
    const { line, phone, user } = await setup();
    const active = acted(() => activeOutgoing(phone, line));
    acted(() => ringIn(line));
    await user.click(await screen.findByRole('button', { name: 'Decline' }));
    expect(phone.getCall(active)?.state).toBe('active');
    expect(line.sent({ type: 'hold' })).toHaveLength(0);
  });
});

describe('IncomingCall parts', () => {
  it('compose a custom incoming-call UI with data-state, asChild and className', async () => {
    const user = userEvent.setup();
    const { phone, line } = await testPhone();
    render(
      <IncomingCall.Root className="banner" data-testid="root">
        <IncomingCall.Caller asChild>
          <strong>From: </strong>
        </IncomingCall.Caller>
        <IncomingCall.CallerNumber always />
        <IncomingCall.Accept>Pick up</IncomingCall.Accept>
        <IncomingCall.Decline asChild>
          <button type="button" className="red">
            Busy
          </button>
        </IncomingCall.Decline>
      </IncomingCall.Root>,
      { wrapper: withPhone(phone) },
    );
    expect(screen.queryByTestId('root')).toBeNull();
    const id = acted(() => ringIn(line, { number: '+15550100003', name: 'Linus' }));
    const root = screen.getByTestId('root');
    expect(root.className).toBe('hs-incoming-call banner');
    expect(root.dataset.state).toBe('incoming');
    expect(screen.getByText('From: Linus').tagName).toBe('STRONG');
    expect(screen.getByText('+15550100003')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Busy' }).className).toBe('hs-incoming-button hs-incoming-decline red');
    await expectNoAxeViolations();
    await user.click(screen.getByRole('button', { name: 'Pick up' }));
    expect(line.sent({ type: 'accept' }).map((c) => c.args[0])).toEqual([id]);
    expect(screen.queryByTestId('root')).toBeNull();
  });

  it('shows a visible "click to enable sound" when the browser refuses the ringtone, and resumes audio with it', async () => {
    const user = userEvent.setup();
    const media = new TestMedia();
    const { phone, line } = await testPhone({ phone: { media } });
    render(<IncomingCallDialog />, { wrapper: withPhone(phone) });
    acted(() => ringIn(line, { number: '+15550100009', name: 'Ada Lovelace' }));
    const dialog = await screen.findByRole('alertdialog', { name: 'Incoming call' });
    expect(screen.queryByRole('button', { name: 'Click to enable sound' })).toBeNull();
    act(() => media.media({ ringtoneBlocked: true }));
    expect(dialog.dataset.sound).toBe('blocked');
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Accept' }))); // focus stays on Accept
    await user.click(screen.getByRole('button', { name: 'Click to enable sound' }));
    expect(media.resumes).toBe(1);
    act(() => media.media({ ringtoneBlocked: false }));
    expect(screen.queryByRole('button', { name: 'Click to enable sound' })).toBeNull();
    await expectNoAxeViolations();
  });
});
