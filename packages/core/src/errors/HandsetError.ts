import { type EngineErrorCode, type ErrorCode, errorMessages } from './catalogue';

/** A plain, serialisable view of an error, as kept in store snapshots. */
export interface HandsetErrorData {
  readonly code: ErrorCode;
  readonly message: string;
  /** The provider's own code beside handset's (Twilio's 31005, a Telnyx or Voximplant code), when a line reports one. */
  readonly providerCode?: number | string;
  /** The SIP status behind the error (486, 503, ...), when there is one. */
  readonly sipCode?: number;
}

/** Where an error came from, kept beside handset's typed code. */
export interface ErrorOrigin {
  readonly cause?: unknown;
  readonly providerCode?: number | string;
  readonly sipCode?: number;
}

/**
 * The one error shape of handset: `{ code, message, causes, solutions, cause? }`.
 * The message says what happened to this call; causes and solutions come from the catalogue.
 */
export class HandsetError extends Error implements HandsetErrorData {
  override readonly name = 'HandsetError';
  readonly code: ErrorCode;
  readonly providerCode?: number | string;
  readonly sipCode?: number;

  constructor(code: EngineErrorCode, message?: string, options?: ErrorOrigin);
  /** With its own summary: how the media kit makes its codes (`mediaError()`). */
  constructor(code: ErrorCode, message: string | undefined, options: ErrorOrigin & { summary: string | undefined });
  constructor(code: ErrorCode, message?: string, options?: ErrorOrigin & { summary?: string | undefined }) {
    super(
      message ?? options?.summary ?? errorMessages[code as EngineErrorCode],
      options?.cause === undefined ? undefined : { cause: options.cause },
    );
    this.code = code;
    if (options?.providerCode !== undefined) this.providerCode = options.providerCode;
    if (options?.sipCode !== undefined) this.sipCode = options.sipCode;
  }

  toJSON(): HandsetErrorData {
    const { code, message, providerCode, sipCode } = this;
    return {
      code,
      message,
      ...(providerCode === undefined ? {} : { providerCode }),
      ...(sipCode === undefined ? {} : { sipCode }),
    };
  }
}

/** True for a HandsetError, optionally of one code: `isHandsetError(e, 'invalid-dtmf')`. */
export function isHandsetError(value: unknown, code?: ErrorCode): value is HandsetError {
  return value instanceof HandsetError && (code === undefined || value.code === code);
}
