/** One client socket, whatever carries it: written once for every stand-in in `@handset/core/testing`. */
export type { SignalConnection } from '@handset/core/testing';
