/** Who sent a frame: `in` from the client (the SDK), `out` from the stand-in. */
export type FrameDirection = 'in' | 'out';

/** What a stand-in adds to each frame it logs: its direction, when (ms since epoch), on which socket. */
export interface FrameRecord {
  readonly direction: FrameDirection;
  readonly at: number;
  readonly socket: number;
}

/** A frame's name and body, for a one-line description of it. */
export type FrameLabel<F> = (frame: F) => readonly [name: string, body: unknown];

/**
 * The ordered log of every frame a stand-in exchanged, in both directions. The frames keep the vendor's own
 * shape (`type`/`payload`, `name`/`params`…) with a FrameRecord added.
 */
export class FrameRecords<F extends object> {
  readonly entries: (F & FrameRecord)[] = [];

  constructor(private readonly label: FrameLabel<F>) {}

  /** Logs a frame now and returns the logged entry. */
  record(frame: F, direction: FrameDirection, socket: number): F & FrameRecord {
    const logged = { ...frame, direction, at: Date.now(), socket };
    this.entries.push(logged);
    return logged;
  }

  /** The first frame from index `since` on that matches, if any. */
  find(since: number, match: (frame: F & FrameRecord) => boolean): (F & FrameRecord) | undefined {
    return this.entries.slice(since).find(match);
  }

  /** One line a frame (`→` from the client, `←` to it), bodies cut to 160 characters: for failure messages. */
  describe(): string {
    return this.entries
      .map((frame) => {
        const [name, body] = this.label(frame);
        return `${frame.direction === 'in' ? '→' : '←'} #${frame.socket} ${name} ${JSON.stringify(body).slice(0, 160)}`;
      })
      .join('\n');
  }
}

/** How a wait for a frame names what it waits for: `an incoming "invite" frame`, `an outgoing "answer" frame`. */
export function frameWanted(name: string, direction: FrameDirection): string {
  return `a${direction === 'in' ? 'n incoming' : 'n outgoing'} "${name}" frame`;
}
