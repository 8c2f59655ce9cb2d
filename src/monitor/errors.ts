/** Domain errors of the monitoring service. The server's error registry maps each code to an HTTP status. */
export type MonitorErrorCode =
  | "NOT_FOUND"
  | "FORBIDDEN"
  | "INVALID_TRANSITION"
  | "REVISION_CONFLICT"
  | "IDEMPOTENCY_KEY_REUSED"
  | "MERGE_CONFLICT";

export class MonitorError extends Error {
  readonly code: MonitorErrorCode;
  /** JSON pointer into the request, when one field is to blame. */
  readonly pointer?: string;
  constructor(code: MonitorErrorCode, message: string, pointer?: string) {
    super(message);
    this.name = "MonitorError";
    this.code = code;
    this.pointer = pointer;
  }
}

export function isMonitorError(e: unknown): e is MonitorError {
  return e instanceof MonitorError;
}
