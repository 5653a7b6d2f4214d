import { DomainError, canWrite } from "@assess/domain";
import type { Logger } from "@assess/log";
import type { Loaders } from "./loaders";
import { SIGN_IN_FAILURES } from "./errors";
import type { Principal } from "./principal";
import type { Services } from "../services";

export interface Context {
  principal: Principal | null;
  /** The client's address (for sign-in throttling and the audit log). */
  address?: string | null;
  /** Why there is no principal although a token was sent (expired, ended, invalid); null otherwise. */
  authFailure?: "expired" | "ended" | "invalid" | null;
  services: Services;
  loaders: Loaders;
  /** Lines that name this request (reqId) and its user. */
  log: Logger;
}

/** The signed-in user, or UNAUTHENTICATED. */
export function who(ctx: Context): Principal {
  if (!ctx.principal) throw new DomainError("UNAUTHENTICATED", SIGN_IN_FAILURES[ctx.authFailure ?? "missing"]);
  return ctx.principal;
}

/** The signed-in user if they may change anything; API tokens and INTEGRATOR users are read-only. */
export function writer(ctx: Context): Principal {
  const p = who(ctx);
  if (!canWrite(p.role)) throw new DomainError("FORBIDDEN", "this token is read-only");
  return p;
}
