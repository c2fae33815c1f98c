import type { MediaErrorCode } from '../errors/catalogue';
import { HandsetError } from '../errors/HandsetError';
import { mediaError } from '../errors/mediaErrors';

const byDomExceptionName: Readonly<Record<string, MediaErrorCode>> = {
  NotAllowedError: 'media-permission-denied',
  SecurityError: 'media-permission-denied',
  NotFoundError: 'media-not-found',
  NotReadableError: 'media-busy',
  AbortError: 'media-busy',
  OverconstrainedError: 'media-constraints',
};

/** Turns a getUserMedia rejection into a HandsetError a person can act on. */
export function toMediaError(error: unknown): HandsetError {
  if (error instanceof HandsetError) return error;
  const name = (error as { name?: string } | null)?.name ?? '';
  return mediaError(byDomExceptionName[name] ?? 'media-busy', undefined, { cause: error });
}

/**
 * getUserMedia that always settles: a dismissed prompt would otherwise leave the promise
 * pending for ever, and the call with it. A stream that arrives after the timeout is stopped.
 */
export async function getUserMediaWithTimeout(
  mediaDevices: Pick<MediaDevices, 'getUserMedia'> | undefined,
  constraints: MediaStreamConstraints,
  timeoutMs: number,
): Promise<MediaStream> {
  if (!mediaDevices?.getUserMedia) {
    throw new HandsetError('unsupported', 'This browser has no navigator.mediaDevices.getUserMedia (is the page served over HTTPS?).');
  }
  let timer: ReturnType<typeof setTimeout> | undefined;
  let timedOut = false;
  const request = mediaDevices.getUserMedia(constraints);
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      timedOut = true;
      reject(
        mediaError(
          'media-timeout',
          `The microphone did not open within ${Math.round(timeoutMs / 1000)} s; answer the browser's prompt and try again.`,
        ),
      );
    }, timeoutMs);
  });
  request.then(
    (stream) => {
      if (timedOut) for (const track of stream.getTracks()) track.stop();
    },
    () => {},
  );
  try {
    return await Promise.race([request, timeout]);
  } catch (error) {
    throw toMediaError(error);
  } finally {
    clearTimeout(timer);
  }
}
