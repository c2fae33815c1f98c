import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, screen, userEvent, waitFor } from 'storybook/test';
import { CallControls } from '../components/CallControls';
import { CallStatus } from '../components/CallStatus';
import { CallTimer } from '../components/CallTimer';
import { Dialpad } from '../components/Dialpad';
import { IncomingCallDialog } from '../components/IncomingCall';
import { useCall } from '../hooks/useCall';
import { useRegistration } from '../hooks/useRegistration';
import { loadStoryPhone, type Scenario, type StoryPhone, StoryProvider, scenarioArgType } from './scenarios';

/** A whole softphone from the ready-made components, and buttons that play the far side on the scripted line. */
function Softphone({ story }: { story: StoryPhone }) {
  const { state } = useRegistration();
  const { call } = useCall();
  const far = (signal: 'ringing' | 'connected' | 'ended') => {
    if (!call) return;
    if (signal === 'ringing') story.line.signal({ type: 'ringing', callId: call.id, earlyMedia: false });
    if (signal === 'connected') story.line.signal({ type: 'connected', callId: call.id, codec: 'opus' });
    if (signal === 'ended') story.line.signal({ type: 'ended', callId: call.id, end: { reason: 'hangup' } });
  };
  return (
    <div style={{ display: 'grid', gap: 12, justifyItems: 'center' }}>
      <p style={{ margin: 0 }}>Registration: {state}</p>
      <div style={{ display: 'flex', gap: 12 }}>
        <CallStatus />
        <CallTimer />
      </div>
      {call ? <CallControls /> : <Dialpad entry="digits" defaultCountry="US" />}
      <fieldset style={{ display: 'flex', gap: 8 }}>
        <legend>Far side (scripted line)</legend>
        <button type="button" onClick={() => story.ringIn()}>
          Ring in a call
        </button>
        <button type="button" disabled={!call} onClick={() => far('ringing')}>
          Remote rings
        </button>
        <button type="button" disabled={!call} onClick={() => far('connected')}>
          Remote answers
        </button>
        <button type="button" disabled={!call} onClick={() => far('ended')}>
          Remote hangs up
        </button>
      </fieldset>
      <IncomingCallDialog />
    </div>
  );
}

const meta: Meta<{ scenario: Scenario }> = {
  title: 'Prefabs/Softphone',
  argTypes: { scenario: scenarioArgType },
  args: { scenario: 'idle' },
  loaders: [loadStoryPhone],
  render: (_args, { loaded }) => {
    const { story } = loaded as { story: StoryPhone };
    return (
      <StoryProvider story={story}>
        <Softphone story={story} />
      </StoryProvider>
    );
  },
};
export default meta;
type Story = StoryObj<{ scenario: Scenario }>;

export const Idle: Story = {};
export const Active: Story = { args: { scenario: 'active' } };
export const Held: Story = { args: { scenario: 'held' } };
export const CallWaiting: Story = { args: { scenario: 'callWaiting' } };

/** Dial, the far side answers, hang up; then a call rings in and is accepted. */
export const FullFlow: Story = {
  play: async ({ canvas }) => {
    await userEvent.click(canvas.getByRole('textbox', { name: 'Phone number' }));
    await userEvent.keyboard('2025550123{Enter}');
    await waitFor(() => expect(canvas.getByRole('status')).toHaveTextContent('Calling…'));
    await userEvent.click(canvas.getByRole('button', { name: 'Remote answers' }));
    await expect(canvas.getByRole('status')).toHaveTextContent('Connected');
    await userEvent.click(canvas.getByRole('button', { name: 'Hold' }));
    await expect(canvas.getByRole('status')).toHaveTextContent('On hold');
    await userEvent.click(canvas.getByRole('button', { name: 'Hang up' }));
    await expect(canvas.getByRole('status')).toHaveTextContent('No call');
    await userEvent.click(canvas.getByRole('button', { name: 'Ring in a call' }));
    await screen.findByRole('alertdialog', { name: 'Incoming call' });
    await userEvent.click(screen.getByRole('button', { name: 'Accept' }));
    await waitFor(() => expect(screen.queryByRole('alertdialog')).toBeNull());
    await expect(canvas.getByRole('status')).toHaveTextContent('Connecting…');
  },
};
