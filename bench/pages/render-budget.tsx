// Bench page: the render budget of @handset/react during an echo call (packages/react/test/support/renderBudget.tsx).
import { measureRenderBudget } from '../../packages/react/test/support/renderBudget';

export type { Group, RenderBudget } from '../../packages/react/test/support/renderBudget';

(window as unknown as { bench: unknown }).bench = { run: (seconds: number) => measureRenderBudget(seconds) };
