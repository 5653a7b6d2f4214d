import type { Logger } from "@assess/log";
import type { RequestHandler, Response } from "express";
import { randomUUID } from "node:crypto";

/** An id a client or proxy may give: short, and nothing that could break a log line. */
const USABLE_ID = /^[\w.:-]{1,128}$/;

/**
 * Gives every request an id (the client's X-Request-Id when usable, a new UUID otherwise), answers it in the
 * X-Request-Id header, and a logger that puts it on every line (`requestLog`); the user joins once the token is read
 * (`signedInLog`). At debug level, one line per request when it is answered.
 *
 * Child loggers on the request rather than AsyncLocalStorage: on Node 20 the latter hooks every promise, and a list
 * request makes about 1,700 of them.
 */
export function requestContext(log: Logger): RequestHandler {
  return (req, res, next) => {
    const given = req.get("x-request-id");
    const reqId = given && USABLE_ID.test(given) ? given : randomUUID();
    res.setHeader("X-Request-Id", reqId);
    res.locals.log = log.child({ reqId });
    if (log.isLevelEnabled("debug")) {
      const started = performance.now();
      res.once("finish", () =>
        requestLog(res).debug(
          `${req.method} ${req.originalUrl} ${res.statusCode} ${(performance.now() - started).toFixed(1)} ms`,
        ),
      );
    }
    next();
  };
}

/** The logger of the request this response answers. */
export const requestLog = (res: Response): Logger => res.locals.log as Logger;

/** From now on the request's lines name its signed-in user too. */
export function signedInLog(res: Response, userId: number): Logger {
  const log = requestLog(res).child({ userId });
  res.locals.log = log;
  return log;
}
