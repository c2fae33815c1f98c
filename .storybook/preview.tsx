import type { Preview } from '@storybook/react-vite';
import '../packages/react/src/styles/theme.css';

const preview: Preview = {
  parameters: {
    layout: 'centered',
    controls: { expanded: true },
    // axe runs on every story, in the browser and in the Vitest run; a violation fails the test.
    a11y: { test: 'error' },
  },
  tags: ['autodocs'],
};

export default preview;
