/** Runs callbacks once per animation frame while any are registered. */
export interface FrameLoop {
  /** Adds a per-frame callback; returns its removal. The loop stops when the last one goes. */
  add(tick: () => void): () => void;
}

/**
 * One requestAnimationFrame loop for many callbacks: every meter on the page shares it, because each
 * rAF callback has a fixed cost per frame of its own, larger than reading an analyser.
 */
export function createFrameLoop(raf: (callback: () => void) => number, caf: (handle: number) => void): FrameLoop {
  const ticks = new Set<() => void>();
  let handle: number | undefined;
  const run = () => {
    handle = undefined;
    for (const tick of [...ticks]) tick();
    if (ticks.size > 0) handle = raf(run);
  };
  return {
    add(tick) {
      ticks.add(tick);
      handle ??= raf(run);
      return () => {
        ticks.delete(tick);
        if (ticks.size === 0 && handle !== undefined) {
          caf(handle);
          handle = undefined;
        }
      };
    },
  };
}

let shared: FrameLoop | undefined;

/** The page's loop on the browser's own requestAnimationFrame, made on first use. */
export function sharedFrameLoop(): FrameLoop {
  shared ??= createFrameLoop(
    (callback) => globalThis.requestAnimationFrame(callback),
    (handle) => globalThis.cancelAnimationFrame(handle),
  );
  return shared;
}
