import { withLogContext, type Logger } from "@assess/log";
import type { RequestHandler } from "express";
import { AsyncResource } from "node:async_hooks";
import { randomUUID } from "node:crypto";

/** An id a client or proxy may give: short, and nothing that could break a log line. */
const USABLE_ID = /^[\w.:-]{1,128}$/;

/**
 * Gives every request an id (the client's X-Request-Id when usable, a new UUID otherwise), answers it in the
 * X-Request-Id header, and puts it on every line logged while the request is served; the user joins once the
 * token is read (addLogContext). At debug level, one line per request when it is answered.
 */
export function requestContext(log: Logger): RequestHandler {
  return (req, res, next) => {
    const given = req.get("x-request-id");
    const reqId = given && USABLE_ID.test(given) ? given : randomUUID();
    res.setHeader("X-Request-Id", reqId);
    withLogContext({ reqId }, () => {
      if (log.isLevelEnabled("debug")) {
        const started = performance.now();
        // Bound here: 'finish' is emitted from the socket's context, outside the request's.
        res.once("finish", AsyncResource.bind(() => log.debug(`${req.method} ${req.originalUrl} ${res.statusCode} ${(performance.now() - started).toFixed(1)} ms`)));
      }
      next();
    });
  };
}
