import { DomainError } from "@assess/domain";
import type { GraphQLFormattedError } from "graphql";
import { GraphQLError } from "graphql";

/** Codes a client may see; anything else becomes INTERNAL_SERVER_ERROR. */
const PASSED_THROUGH = new Set([
  "UNAUTHENTICATED",
  "FORBIDDEN",
  "BAD_USER_INPUT",
  "NOT_FOUND",
  "CONFLICT",
  "GRAPHQL_PARSE_FAILED",
  "GRAPHQL_VALIDATION_FAILED",
  "BAD_REQUEST",
  "PERSISTED_QUERY_NOT_FOUND",
  "OPERATION_RESOLUTION_FAILURE",
]);

export const unauthenticated = (message = "sign in first: send Authorization: Bearer <token>") =>
  new GraphQLError(message, { extensions: { code: "UNAUTHENTICATED", http: { status: 401 } } });

/** The one place where errors become what a client sees: the contract's code, no stack, no SQL. */
export function formatError(formatted: GraphQLFormattedError, error: unknown, log: (e: unknown) => void = console.error): GraphQLFormattedError {
  // Duck-typed: a test runner may load a second copy of graphql.
  const original = (error as { originalError?: unknown } | null)?.originalError ?? error;
  if (original instanceof DomainError) {
    return {
      message: original.message,
      path: formatted.path,
      locations: formatted.locations,
      extensions: { code: original.code, ...(original.field ? { field: original.field } : {}) },
    };
  }
  const code = formatted.extensions?.code;
  if (typeof code === "string" && PASSED_THROUGH.has(code)) {
    const { stacktrace: _stack, exception: _exception, http: _http, ...extensions } = (formatted.extensions ?? {}) as Record<string, unknown>;
    return { message: formatted.message, path: formatted.path, locations: formatted.locations, extensions };
  }
  log(original);
  return { message: "Internal server error", path: formatted.path, extensions: { code: "INTERNAL_SERVER_ERROR" } };
}
