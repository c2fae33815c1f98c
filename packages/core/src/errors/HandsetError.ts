import { type EngineErrorCode, type ErrorCode, type ErrorEntry, errorCatalogue } from './catalogue';

/** A plain, serialisable view of an error, as kept in store snapshots. */
export interface HandsetErrorData {
  readonly code: ErrorCode;
  readonly message: string;
  readonly causes: readonly string[];
  readonly solutions: readonly string[];
}

/**
 * The one error shape of handset: `{ code, message, causes, solutions, cause? }`.
 * The message says what happened to this call; causes and solutions come from the catalogue.
 */
export class HandsetError extends Error implements HandsetErrorData {
  override readonly name = 'HandsetError';
  readonly code: ErrorCode;
  readonly causes: readonly string[];
  readonly solutions: readonly string[];

  constructor(code: EngineErrorCode, message?: string, options?: { cause?: unknown });
  /** With the catalogue entry: how the media kit makes its own codes (`mediaError()`). */
  constructor(code: ErrorCode, message: string | undefined, options: { cause?: unknown; entry: ErrorEntry | undefined });
  constructor(code: ErrorCode, message?: string, options?: { cause?: unknown; entry?: ErrorEntry }) {
    const [summary, cause, solution] = options?.entry ?? errorCatalogue[code as EngineErrorCode];
    super(message ?? summary, options);
    this.code = code;
    this.causes = [cause];
    this.solutions = [solution];
  }

  toJSON(): HandsetErrorData {
    return { code: this.code, message: this.message, causes: this.causes, solutions: this.solutions };
  }
}

/** True for a HandsetError, optionally of one code: `isHandsetError(e, 'invalid-dtmf')`. */
export function isHandsetError(value: unknown, code?: ErrorCode): value is HandsetError {
  return value instanceof HandsetError && (code === undefined || value.code === code);
}
