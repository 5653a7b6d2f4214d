/** The codes of the contract's `extensions.code`, as the domain raises them. */
export type ErrorCode = "UNAUTHENTICATED" | "FORBIDDEN" | "BAD_USER_INPUT" | "NOT_FOUND" | "CONFLICT";

/** An error the domain decided on: it carries the contract code and, for bad input, the field it is about. */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = "DomainError";
  }
}

export const badInput = (field: string, message: string) =>
  new DomainError("BAD_USER_INPUT", `${field}: ${message}`, field);
export const notFound = (what: string, id: string | number) => new DomainError("NOT_FOUND", `${what} ${id} not found`);
export const forbidden = (message: string) => new DomainError("FORBIDDEN", message);
export const conflict = (message: string, field?: string) => new DomainError("CONFLICT", message, field);
