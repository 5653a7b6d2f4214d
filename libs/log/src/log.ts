import { AsyncLocalStorage } from "node:async_hooks";
import { pino, stdTimeFunctions, type DestinationStream, type Logger } from "pino";
import { prettyStream } from "./pretty";

export type { Logger };
export type LogLevel = "debug" | "info" | "warn" | "error" | "silent";
export type LogFormat = "json" | "pretty";

/**
 * What every line logged inside `withLogContext` carries besides its message: the worker runs each job in one. (The
 * API gives each request a child logger instead, apps/api/src/common/request-context.ts: on Node 20,
 * AsyncLocalStorage hooks every promise, and a request makes thousands.)
 */
export interface LogContext {
  /** The request's id: the client's X-Request-Id when it sent a usable one, otherwise a new UUID. */
  reqId?: string;
  /** The signed-in user (the principal's id), once the request's token has been read. */
  userId?: number | string;
  job?: string;
  jobId?: string;
}

const current = new AsyncLocalStorage<LogContext>();

/** Runs `fn` with `fields` on every line logged inside it, through every await. */
export function withLogContext<T>(fields: LogContext, fn: () => T): T {
  return current.run({ ...fields }, fn);
}

/** Adds fields to the current request's or job's lines from now on (the user, once known); outside one, nothing. */
export function addLogContext(fields: LogContext): void {
  const store = current.getStore();
  if (store) Object.assign(store, fields);
}

export interface LogOptions {
  /** "api", "worker" or "supervisor": on every line as `app`. */
  app: string;
  level?: LogLevel;
  /** json (default): one JSON object a line; pretty: "12:00:00.000 [api] message key=value" for a terminal. */
  format?: LogFormat;
  /** Where lines go (tests); default stdout, written synchronously so that nothing is lost at process.exit. */
  destination?: DestinationStream;
}

/** A process's logger: JSON lines with time, level (as a word), app, pid, msg and the request's or job's fields. */
export function createLogger(o: LogOptions): Logger {
  const destination = o.destination ?? (o.format === "pretty" ? prettyStream(process.stdout) : undefined);
  return pino(
    {
      level: o.level ?? "info",
      base: { app: o.app, pid: process.pid },
      timestamp: stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      mixin: () => current.getStore() ?? {},
    },
    destination,
  );
}
