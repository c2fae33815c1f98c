import type { Meta, StoryObj } from '@storybook/react-vite';
import type { ComponentProps } from 'react';
import { expect } from 'storybook/test';
import { loadStoryPhone, type Scenario, type StoryPhone, StoryProvider, scenarioArgType } from '../stories/scenarios';
import { CallStatus } from './CallStatus';

type Args = ComponentProps<typeof CallStatus> & { scenario: Scenario };

const meta: Meta<Args> = {
  title: 'Components/CallStatus',
  component: CallStatus,
  argTypes: { scenario: scenarioArgType },
  loaders: [loadStoryPhone],
  render: ({ scenario, ...props }, { loaded }) => {
    const { story } = loaded as { story: StoryPhone };
    // The ended call is no longer the active one: show it by id.
    const callId = scenario === 'ended' || scenario === 'incoming' || scenario === 'callWaiting' ? story.callId : undefined;
    return (
      <StoryProvider story={story}>
        <CallStatus callId={callId} {...props} />
      </StoryProvider>
    );
  },
};
export default meta;
type Story = StoryObj<Args>;

const state = (scenario: Scenario, text: string, dataState: string): Story => ({
  args: { scenario },
  play: async ({ canvas }) => {
    const status = canvas.getByRole('status');
    await expect(status).toHaveTextContent(text);
    await expect(status).toHaveAttribute('data-state', dataState);
  },
});

export const Idle = state('idle', 'No call', 'idle');
export const Dialing = state('dialing', 'Calling…', 'dialing');
export const Ringing = state('ringing', 'Ringing…', 'ringing');
export const EarlyMedia = state('earlyMedia', 'Ringing…', 'ringing');
export const Connecting = state('connecting', 'Connecting…', 'connecting');
export const Incoming = state('incoming', 'Incoming call', 'incoming');
export const CallWaiting = state('callWaiting', 'Incoming call', 'incoming');
export const Active = state('active', 'Connected', 'active');
export const Muted = state('muted', 'Connected', 'active');
export const Held = state('held', 'On hold', 'held');
export const RemoteHold = state('remoteHold', 'Held by the other side', 'active');
export const Reconnecting = state('reconnecting', 'Reconnecting…', 'reconnecting');
export const Ended = state('ended', 'Call ended', 'ended');
