/** Runs callbacks on the next animation frame, all of them in one requestAnimationFrame. */
export interface FrameLoop {
  /** Runs `callback` once on the next frame (once however often it is asked before); returns the cancel. */
  next(callback: () => void): () => void;
}

/**
 * One requestAnimationFrame for every meter on the page, and only on frames something asked for: each
 * rAF callback has a fixed cost of its own, larger than delivering a level, so frames with nothing new
 * cost nothing.
 */
export function createFrameLoop(raf: (callback: () => void) => number, caf: (handle: number) => void): FrameLoop {
  let due = new Set<() => void>();
  let spare = new Set<() => void>();
  let handle: number | undefined;
  const run = () => {
    handle = undefined;
    // Swapped before running, so a callback that asks for the next frame lands in the next batch.
    const running = due;
    due = spare;
    spare = running;
    for (const callback of running) callback();
    running.clear();
  };
  return {
    next(callback) {
      due.add(callback);
      handle ??= raf(run);
      return () => {
        due.delete(callback);
        if (due.size === 0 && handle !== undefined) {
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
