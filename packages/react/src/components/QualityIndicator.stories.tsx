import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, waitFor } from 'storybook/test';
import { phoneIn, StoryProvider, storyMedia } from '../stories/scenarios';
import { QualityIndicator } from './QualityIndicator';

const meta: Meta<typeof QualityIndicator> = {
  title: 'Components/QualityIndicator',
  component: QualityIndicator,
};
export default meta;
type Story = StoryObj<typeof QualityIndicator>;

export const NoSampleYet: Story = { args: { quality: { mos: null, warnings: [] } } };
/** No packet arrived in the latest sample (say, the far side's media stopped): no level, no bar. */
export const NoAudio: Story = {
  args: {
    quality: { mos: null, warnings: ['low-bytes-received', 'low-bytes-sent'], sample: { packetsReceived: 0, packetsSent: 0 } } as never,
  },
  play: async ({ canvas }) => {
    const indicator = canvas.getByRole('img');
    await expect(indicator).toHaveAttribute('data-state', 'no-audio');
    await expect(indicator).toHaveAccessibleName('Call quality: no audio. No audio arriving. No audio leaving');
  },
};
export const Excellent: Story = { args: { quality: { mos: 4.4, warnings: [] } } };
export const Good: Story = { args: { quality: { mos: 3.9, warnings: [] } } };
export const Fair: Story = { args: { quality: { mos: 3.3, warnings: ['high-jitter'] } } };
export const PoorWithWarnings: Story = {
  args: { quality: { mos: 2.4, warnings: ['high-packet-loss', 'high-rtt', 'low-mos'] } },
  play: async ({ canvas }) => {
    const indicator = canvas.getByRole('img');
    await expect(indicator).toHaveAttribute('data-state', 'poor');
    await expect(indicator).toHaveAccessibleName('Call quality: poor (MOS 2.4). Audio packets lost. High latency. Poor call quality');
  },
};

/**
 * Live, as in an app: no props. The indicator reads the active call's quality from the phone's store,
 * where the media kit publishes a reading every second (here a story kit stepping from excellent to poor).
 */
export const FromThePhonePoorWithWarnings: Story = {
  args: {},
  loaders: [
    async () => {
      const media = storyMedia();
      const story = phoneIn('active', undefined, media);
      const steps = [
        { mos: 4.4, warnings: [] },
        { mos: 3.4, warnings: ['high-jitter' as const] },
        { mos: 2.6, warnings: ['high-jitter' as const, 'high-packet-loss' as const, 'low-mos' as const] },
      ];
      for (const [i, step] of steps.entries()) {
        setTimeout(() => {
          if (story.callId) media.quality(story.callId, step);
        }, i * 300);
      }
      return { story };
    },
  ],
  render: (args, { loaded }) => (
    <StoryProvider story={loaded.story}>
      <QualityIndicator {...args} />
    </StoryProvider>
  ),
  play: async ({ canvas }) => {
    const indicator = canvas.getByRole('img');
    await waitFor(() => expect(indicator).toHaveAttribute('data-state', 'poor'), { timeout: 3000 });
    await expect(indicator).toHaveAccessibleName(
      /^Call quality: poor \(MOS \d\.\d\)\. Unsteady connection \(jitter\)\. Audio packets lost\. Poor call quality$/,
    );
    await expect(indicator).toHaveAttribute('data-warnings');
  },
};
