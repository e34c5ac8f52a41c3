import type { components } from "./generated/schema";

/** One entry of `error.details`: usually a field path and what is wrong with it. */
export type ErrorDetail = components["schemas"]["ErrorDetail"];

/**
 * The API's one error body, `{"error": {"code", "message", "requestId", "details"}}`, as an exception.
 * `code` is machine-readable (UPPER_SNAKE, e.g. `VALIDATION_FAILED`, `VERSION_CONFLICT`); branch on it, not on
 * `message`. Quote `requestId` when reporting a problem: the server logs carry it.
 */
export class ApiError extends Error {
  readonly name = "ApiError";
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly requestId: string,
    readonly details: ErrorDetail[],
    /** The operation that failed, e.g. `updatePerson`. */
    readonly operationId: string,
  ) {
    super(message);
    // ES5-style targets lose the prototype of Error subclasses; keep `instanceof` working everywhere.
    Object.setPrototypeOf(this, ApiError.prototype);
  }

  /** Built from a response: the error body when the server sent one, a generic `HTTP_<status>` otherwise. */
  static fromResponse(operationId: string, status: number, text: string, headers: Record<string, string>): ApiError {
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = undefined;
    }
    const error = (body as { error?: Partial<components["schemas"]["ErrorInfo"]> } | undefined)?.error;
    if (error && typeof error.code === "string" && typeof error.message === "string") {
      return new ApiError(
        status,
        error.code,
        error.message,
        String(error.requestId ?? ""),
        Array.isArray(error.details) ? error.details : [],
        operationId,
      );
    }
    const requestId = headers["x-amzn-requestid"] ?? headers["x-amz-apigw-id"] ?? "";
    return new ApiError(status, `HTTP_${status}`, text.slice(0, 200) || `HTTP ${status}`, requestId, [], operationId);
  }
}

/** The request never got an HTTP answer: no network, DNS, TLS, or the timeout passed (`timedOut`). */
export class NetworkError extends Error {
  readonly name = "NetworkError";
  constructor(
    message: string,
    readonly timedOut: boolean,
    readonly operationId: string = "",
  ) {
    super(message);
    Object.setPrototypeOf(this, NetworkError.prototype);
  }
}

/** The session ended (its refresh failed or it was never started): sign in again. Carries the refresh's error. */
export class SignedOutError extends Error {
  readonly name = "SignedOutError";
  constructor(
    message: string,
    readonly cause?: ApiError,
  ) {
    super(message);
    Object.setPrototypeOf(this, SignedOutError.prototype);
  }
}

export function isApiError(error: unknown, code?: string): error is ApiError {
  return error instanceof ApiError && (code === undefined || error.code === code);
}
