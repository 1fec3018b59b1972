import type { ErrorCode } from "@aiflare/protocol";

/** A workspace request that cannot be answered; `code` crosses the wire (invalid_request is a 400). */
export class WorkspaceError extends Error {
  constructor(
    readonly code: Extract<ErrorCode, "invalid_request" | "not_found" | "internal">,
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}
