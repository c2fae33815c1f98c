import { act, render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { HangUpButton, TransferButton } from '../components/CallButtons';
import { CallControls } from '../components/CallControls';
import { CallStatus } from '../components/CallStatus';
import { CallTimer } from '../components/CallTimer';
import { DevicePicker } from '../components/DevicePicker';
import { Dialpad } from '../components/Dialpad';
import { IncomingCallDialog } from '../components/IncomingCall';
import { QualityIndicator } from '../components/QualityIndicator';
import { VolumeMeter } from '../components/VolumeMeter';
import { PhoneProvider } from '../context/PhoneProvider';
import { expectNoAxeViolations } from '../test/axe';
import { TestDevices } from '../test/devices';
import { germanLabels } from '../test/german';
import { acted, activeOutgoing, ringIn, testPhone } from '../test/phone';
import { englishLabels, type HandsetLabels } from './english';
import { formatDuration, formatPercent } from './format';

/** Every English word of the defaults (the `{label} {n}` pattern and the locale tag aside). */
function englishWords(labels: unknown = englishLabels): string[] {
  if (typeof labels === 'string') return labels.includes('{') && !labels.includes(' ') ? [] : [labels.replace(/\{\w+\}/g, '').trim()];
  return Object.entries(labels as Record<string, unknown>).flatMap(([key, value]) =>
    key === 'locale' || key === 'unnamedDevice' ? [] : englishWords(value),
  );
}

/** Everything a person or a screen reader gets: text, and the attributes that name or describe. */
function everythingShown(): string {
  const attributes = ['aria-label', 'title', 'aria-description', 'aria-valuetext', 'placeholder'];
  const parts = [document.body.textContent ?? ''];
  for (const element of document.body.querySelectorAll('*')) {
    for (const name of attributes) {
      const value = element.getAttribute(name);
      if (value) parts.push(value);
    }
  }
  return parts.join('\n');
}

function expectNoEnglish(): void {
  const shown = everythingShown();
  const english = englishWords().filter((word) => word.length > 2 && shown.includes(word));
  expect(english).toEqual([]);
}

describe('labels: one scheme for every visible word', () => {
  it('the German locale is complete: same keys as English, every word different where English has a word', () => {
    const keys = (labels: unknown): string[] =>
      typeof labels === 'object' && labels !== null
        ? Object.entries(labels).flatMap(([k, v]) => [k, ...keys(v).map((inner) => `${k}.${inner}`)])
        : [];
    expect(keys(germanLabels).sort()).toEqual(keys(englishLabels as HandsetLabels).sort());
  });

  it('renders every component in German, idle and in a call, with no English word shown or announced', async () => {
    const { phone, line } = await testPhone({ line: { capabilities: { blindTransfer: true } } });
    const devices = new TestDevices({ sinkSupported: true });
    render(
      <PhoneProvider phone={phone} labels={germanLabels}>
        <CallStatus />
        <CallTimer />
        <CallControls defaultKeypadOpen />
        <TransferButton destination="" />
        <Dialpad entry="names" />
        <Dialpad entry="digits" format={false} />
        <QualityIndicator quality={{ mos: 3.2, warnings: ['high-jitter', 'high-rtt'] }} />
        <QualityIndicator quality={{ mos: null, warnings: [] }} />
        <VolumeMeter side="input" />
        <DevicePicker devices={devices} kind="microphone" />
        <DevicePicker devices={devices} kind="speaker" />
        <DevicePicker devices={devices} kind="ringtone" />
        <IncomingCallDialog />
      </PhoneProvider>,
    );
    await act(() => devices.refresh());
    expect(screen.getByRole('status').textContent).toBe('Kein Anruf');
    expect(screen.getByRole('button', { name: 'Auflegen' }).getAttribute('aria-description')).toBe('Es gibt keinen Anruf.');
    expect(screen.getByRole('img', { name: /^Anrufqualität: mittel \(MOS 3,2\)\. Unruhige Verbindung/ })).toBeTruthy();
    expectNoEnglish();
    await expectNoAxeViolations();

    const id = acted(() => activeOutgoing(phone, line));
    acted(() => ringIn(line, { number: '+15550100001', name: 'Ada' }));
    await screen.findByRole('alertdialog', { name: 'Anklopfen' });
    expect(screen.getByRole('button', { name: 'Halten und annehmen' })).toBeTruthy();
    expect(document.querySelector('.hs-call-status')?.textContent).toBe('Verbunden'); // behind the modal dialog
    expectNoEnglish();
    await expectNoAxeViolations();

    acted(() => line.signal({ type: 'remoteHold', callId: id, held: true }));
    expect(document.querySelector('.hs-call-status')?.textContent).toBe('Von der Gegenseite gehalten');
    acted(() => line.signal({ type: 'ended', callId: id, end: { reason: 'busy' } }));
    expectNoEnglish();
  });

  it('overriding `active` for one component keeps remote hold, and a component override beats the provider', async () => {
    const { phone, line } = await testPhone();
    render(
      <PhoneProvider phone={phone} labels={germanLabels}>
        <CallStatus labels={{ active: 'Im Gespräch' }} />
        <HangUpButton labels={{ hangUp: 'Beenden' }} />
      </PhoneProvider>,
    );
    const id = acted(() => activeOutgoing(phone, line));
    expect(screen.getByRole('status').textContent).toBe('Im Gespräch');
    acted(() => line.signal({ type: 'remoteHold', callId: id, held: true }));
    expect(screen.getByRole('status').textContent).toBe('Von der Gegenseite gehalten');
    expect(screen.getByRole('button', { name: 'Beenden' })).toBeTruthy();
  });

  it('formats durations and percentages with Intl in the locale', () => {
    expect(formatDuration(65, 'de-DE')).toBe('1:05');
    expect(formatDuration(3723, 'en')).toBe('1:02:03');
    expect(formatDuration(5, 'ar-EG')).toBe('٠:٠٥');
    expect(formatPercent(0.4, 'de-DE')).toBe('40\u00a0%');
    expect(formatPercent(0.4, 'en')).toBe('40%');
  });
});
