import { limitRefusal } from "./query-limits";
import { databaseUnavailable } from "@assess/data";
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

/** Why a request is not signed in, in words: no token, or a token that expired, was ended, or is not ours. */
export const SIGN_IN_FAILURES = {
  missing: "sign in first: send Authorization: Bearer <token>",
  expired: "your session has expired: sign in again",
  ended: "your session was ended (password changed or reset, account deactivated, or API token revoked): sign in again",
  invalid: "the token is not valid: sign in again",
} as const;
export type SignInFailure = keyof typeof SIGN_IN_FAILURES;

export const unauthenticated = (why: SignInFailure = "missing") =>
  new GraphQLError(SIGN_IN_FAILURES[why], {
    extensions: { code: "UNAUTHENTICATED", reason: why.toUpperCase(), http: { status: 401 } },
  });

/** What a client reads while the database cannot be reached (HTTP 503). */
export const SERVICE_UNAVAILABLE_MESSAGE =
  "the service is temporarily unavailable: its database cannot be reached. Try again in a minute";

export const serviceUnavailable = () =>
  new GraphQLError(SERVICE_UNAVAILABLE_MESSAGE, { extensions: { code: "SERVICE_UNAVAILABLE", http: { status: 503 } } });

/** An error of a request, unwrapped from graphql-js's located error (duck-typed: a test runner may load a second copy of graphql). */
export const originalOf = (error: unknown): unknown =>
  (error as { originalError?: unknown } | null)?.originalError ?? error;

/**
 * The one place where errors become what a client sees: the contract's code, no stack, no SQL. An unreachable database
 * is SERVICE_UNAVAILABLE (its outage is logged once, where the HTTP status is set); what is answered
 * INTERNAL_SERVER_ERROR is logged with its request by logUnexpectedErrors.
 */
export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const original = originalOf(error);
  if (databaseUnavailable(original) || formatted.extensions?.code === "SERVICE_UNAVAILABLE") {
    return { message: SERVICE_UNAVAILABLE_MESSAGE, path: formatted.path, extensions: { code: "SERVICE_UNAVAILABLE" } };
  }
  if (original instanceof DomainError) {
    return {
      message: original.message,
      path: formatted.path,
      locations: formatted.locations,
      extensions: { code: original.code, ...(original.field ? { field: original.field } : {}) },
    };
  }
  // A query over a limit (depth, aliases, tokens, directives): the contract's BAD_USER_INPUT, naming the limit.
  const limit = limitRefusal(formatted.message);
  if (limit)
    return { message: limit, locations: formatted.locations, extensions: { code: "BAD_USER_INPUT", field: "query" } };
  const code = formatted.extensions?.code;
  if (typeof code === "string" && PASSED_THROUGH.has(code)) {
    const {
      stacktrace: _stack,
      exception: _exception,
      http: _http,
      ...extensions
    } = (formatted.extensions ?? {}) as Record<string, unknown>;
    return { message: formatted.message, path: formatted.path, locations: formatted.locations, extensions };
  }
  return { message: "Internal server error", path: formatted.path, extensions: { code: "INTERNAL_SERVER_ERROR" } };
}
