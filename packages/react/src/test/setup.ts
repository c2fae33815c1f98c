import { cleanup, configure } from '@testing-library/react';
import { afterEach, vi } from 'vitest';

// Bounded, not timed: axe and jsdom are slow on a loaded 2-core machine, and a wait that ends early fails
// a correct component. These bounds only decide when to give up.
vi.setConfig({ testTimeout: 30_000 });
configure({ asyncUtilTimeout: 5_000 });

afterEach(() => {
  cleanup();
});
