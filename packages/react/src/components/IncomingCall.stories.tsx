import type { Meta, StoryObj } from '@storybook/react-vite';
import type { ComponentProps } from 'react';
import { expect, screen, userEvent, waitFor } from 'storybook/test';
import { loadStoryPhone, phoneIn, type Scenario, type StoryPhone, StoryProvider, scenarioArgType, storyMedia } from '../stories/scenarios';
import {
  IncomingCallAccept,
  IncomingCallCaller,
  IncomingCallDecline,
  IncomingCallDialog,
  IncomingCallNumber,
  IncomingCallRoot,
} from './IncomingCall';

type Args = ComponentProps<typeof IncomingCallDialog> & { scenario: Scenario };

const meta: Meta<Args> = {
  title: 'Components/IncomingCallDialog',
  component: IncomingCallDialog,
  argTypes: { scenario: scenarioArgType },
  args: { scenario: 'incoming' },
  loaders: [loadStoryPhone],
  parameters: { layout: 'fullscreen' },
  render: ({ scenario: _scenario, ...props }, { loaded }) => {
    const { story } = loaded as { story: StoryPhone };
    return (
      <StoryProvider story={story}>
        <div style={{ padding: 16, minHeight: 320 }}>
          <button type="button" onClick={() => story.ringIn()}>
            Ring in another call
          </button>
        </div>
        <IncomingCallDialog {...props} />
      </StoryProvider>
    );
  },
};
export default meta;
type Story = StoryObj<Args>;

export const Incoming: Story = {
  play: async () => {
    const dialog = await screen.findByRole('alertdialog', { name: 'Incoming call' });
    await expect(dialog).toHaveTextContent('Ada Lovelace');
    await waitFor(() => expect(screen.getByRole('button', { name: 'Accept' })).toHaveFocus());
  },
};
export const CallWaiting: Story = {
  args: { scenario: 'callWaiting' },
  play: async () => {
    await screen.findByRole('alertdialog', { name: 'Call waiting' });
    // toBeEnabled, not toBeVisible: the test iframe is not painted, so the pop-in animation may sit at opacity 0.
    for (const name of ['Hold & accept', 'End & accept', 'Decline', 'Ignore']) {
      await expect(screen.getByRole('button', { name })).toBeEnabled();
    }
  },
};
export const AcceptWithKeyboard: Story = {
  play: async ({ loaded }) => {
    const { story } = loaded as { story: StoryPhone };
    await screen.findByRole('alertdialog', { name: 'Incoming call' });
    await waitFor(() => expect(screen.getByRole('button', { name: 'Accept' })).toHaveFocus());
    await userEvent.keyboard('{Enter}');
    await expect(story.line.sent({ type: 'accept' })).toHaveLength(1);
    await waitFor(() => expect(screen.queryByRole('alertdialog')).toBeNull());
    await expect(document.body.style.pointerEvents).toBe('');
    await userEvent.click(screen.getByRole('button', { name: 'Ring in another call' })); // the page takes clicks again
    await screen.findByRole('alertdialog', { name: 'Call waiting' });
  },
};
export const EscapeIgnores: Story = {
  play: async ({ loaded }) => {
    const { story } = loaded as { story: StoryPhone };
    await screen.findByRole('alertdialog');
    await userEvent.keyboard('{Escape}');
    await expect(story.line.sent({ type: 'ignore' })).toHaveLength(1);
  },
};
export const HoldAndAccept: Story = {
  args: { scenario: 'callWaiting' },
  play: async ({ loaded }) => {
    const { story } = loaded as { story: StoryPhone };
    await screen.findByRole('alertdialog', { name: 'Call waiting' });
    await userEvent.click(screen.getByRole('button', { name: 'Hold & accept' }));
    await expect(story.line.sent({ type: 'hold' })).toHaveLength(1);
  },
};
export const NoIncomingCall: Story = { args: { scenario: 'idle' } };

/** Compound parts (named exports) make a non-modal banner instead of a dialog. */
export const Banner: StoryObj<Args> = {
  args: { scenario: 'incoming' },
  parameters: { layout: 'centered' },
  render: (_args, { loaded }) => {
    const { story } = loaded as { story: StoryPhone };
    return (
      <StoryProvider story={story}>
        <IncomingCallRoot aria-label="Incoming call" role="region" style={{ display: 'flex', gap: 8, alignItems: 'center' }}>
          <IncomingCallCaller asChild>
            <strong />
          </IncomingCallCaller>
          <IncomingCallNumber />
          <IncomingCallAccept />
          <IncomingCallDecline />
        </IncomingCallRoot>
      </StoryProvider>
    );
  },
};

/**
 * The browser refused to play the ringtone (autoplay policy: no click on the page yet). The media kit
 * reports it in `store.media.ringtoneBlocked`; the dialog shows a visible way to enable sound.
 */
export const RingtoneBlocked: Story = {
  loaders: [
    async () => {
      const media = storyMedia();
      const story = phoneIn('incoming', undefined, media);
      media.media({ ringtoneBlocked: true });
      return { story, media };
    },
  ],
  play: async ({ loaded }) => {
    const { media } = loaded as { media: ReturnType<typeof storyMedia> };
    const dialog = await screen.findByRole('alertdialog', { name: 'Incoming call' });
    await expect(dialog).toHaveAttribute('data-sound', 'blocked');
    await waitFor(() => expect(screen.getByRole('button', { name: 'Accept' })).toHaveFocus());
    await userEvent.click(screen.getByRole('button', { name: 'Click to enable sound' }));
    await expect(media.resumes).toBe(1);
    await waitFor(() => expect(screen.queryByRole('button', { name: 'Click to enable sound' })).toBeNull());
  },
};
