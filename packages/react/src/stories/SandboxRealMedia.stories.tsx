import { sandbox } from '@handset/sandbox';
import type { Meta, StoryObj } from '@storybook/react-vite';
import { useState } from 'react';
import { expect, userEvent, waitFor } from 'storybook/test';
import { CallControls } from '../components/CallControls';
import { CallStatus } from '../components/CallStatus';
import { CallTimer } from '../components/CallTimer';
import { Dialpad } from '../components/Dialpad';
import { QualityIndicator } from '../components/QualityIndicator';
import { VolumeMeter } from '../components/VolumeMeter';
import { PhoneProvider } from '../context/PhoneProvider';
import { useCall } from '../hooks/useCall';
import { useRegistration } from '../hooks/useRegistration';

/**
 * The kit on a real line with real media: the sandbox's in-browser WebRTC line and the browser media kit
 * (loaded by the provider), calling `echo`, which sends your microphone back. The meters move with the
 * real levels and the quality indicator fills from real getStats samples, once a second.
 */
function EchoSoftphone() {
  const { state } = useRegistration();
  const { call } = useCall();
  return (
    <div style={{ display: 'grid', gap: 12, justifyItems: 'center', minWidth: 320 }}>
      <p style={{ margin: 0 }}>Registration: {state}</p>
      <div style={{ display: 'flex', gap: 12, alignItems: 'center' }}>
        <CallStatus /> <CallTimer /> <QualityIndicator />
      </div>
      <VolumeMeter side="input" label="Your microphone" />
      <VolumeMeter side="output" label="The echo" />
      {call ? <CallControls /> : <Dialpad defaultValue="echo" />}
    </div>
  );
}

function SandboxWithRealMedia() {
  // One line per story render; a channel of its own so that stories in other tabs do not answer.
  const [line] = useState(() => sandbox({ channel: `story-${Math.random().toString(36).slice(2)}` }));
  return (
    <PhoneProvider options={{ line }}>
      <EchoSoftphone />
    </PhoneProvider>
  );
}

const meta: Meta = {
  title: 'Prefabs/Sandbox with real media',
  render: () => <SandboxWithRealMedia />,
  parameters: {
    docs: { description: { component: 'A real call to the sandbox `echo`: real WebRTC, real levels, real quality samples.' } },
  },
};
export default meta;
type Story = StoryObj;

/** Calls `echo` from the dialpad (a name: the sandbox line accepts it), then waits for levels and the first quality sample. */
export const EchoCall: Story = {
  play: async ({ canvas }) => {
    await waitFor(() => expect(canvas.getByText('Registration: registered')).toBeInTheDocument(), { timeout: 10_000 });
    await userEvent.click(canvas.getByRole('button', { name: 'Call' }));
    await waitFor(() => expect(canvas.getByRole('status')).toHaveTextContent('Connected'), { timeout: 15_000 });
    const meters = canvas.getAllByRole('meter');
    // Levels moving: the fake microphone's tone, and its echo, reach the meters without a React render.
    await waitFor(() => expect(meters.every((meter) => Number(meter.style.getPropertyValue('--hs-level')) > 0)).toBe(true), {
      timeout: 15_000,
    });
    // Quality arriving: the first getStats sample gives a MOS, so the indicator leaves `unknown`.
    const quality = canvas.getByRole('img', { name: /^Call quality/ });
    await waitFor(() => expect(quality.dataset.state).not.toBe('unknown'), { timeout: 15_000 });
    await userEvent.click(canvas.getByRole('button', { name: 'Hang up' }));
    await waitFor(() => expect(canvas.getByRole('status')).toHaveTextContent('No call'), { timeout: 10_000 });
  },
};
