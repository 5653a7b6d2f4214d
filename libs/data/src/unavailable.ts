/**
 * Whether an error means the database cannot be reached (down, restarting, frozen, refusing connections), as opposed
 * to a query that failed on its own merits. The API answers the first kind with 503 SERVICE_UNAVAILABLE, the worker
 * retries it for minutes; both log it once per outage. The one place that decides.
 */
export function databaseUnavailable(e: unknown): boolean {
  for (let err: unknown = e, depth = 0; err && depth < 4; depth++) {
    const { code, errno, message } = err as { code?: unknown; errno?: unknown; message?: unknown };
    if (typeof code === "string" && UNAVAILABLE_CODES.has(code)) return true;
    if (typeof errno === "number" && UNAVAILABLE_ERRNOS.has(errno)) return true;
    if (typeof message === "string" && UNAVAILABLE_MESSAGES.some((m) => m.test(message))) return true;
    // TypeORM wraps the driver's error (QueryFailedError.driverError); errors may also carry a cause.
    err = (err as { driverError?: unknown }).driverError ?? (err as { cause?: unknown }).cause;
  }
  return false;
}

const UNAVAILABLE_CODES = new Set([
  // The socket: nothing listens, the peer went away, no route, no answer in time.
  "ECONNREFUSED",
  "ECONNRESET",
  "EPIPE",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EAI_AGAIN",
  // mysql2: the connection was lost, or a query got no answer within its timeout (a frozen server).
  "PROTOCOL_CONNECTION_LOST",
  "PROTOCOL_SEQUENCE_TIMEOUT",
  // Our pool (pool.ts): every server of the host list is set aside; a COMMIT whose connection died (done or not, unknown).
  "POOL_NONEONLINE",
  "COMMIT_OUTCOME_UNKNOWN",
  // The server: shutting down, out of connections, or a Galera node that is not (yet) part of the cluster.
  "ER_SERVER_SHUTDOWN",
  "ER_CON_COUNT_ERROR",
  "ER_TOO_MANY_USER_CONNECTIONS",
  "ER_STATEMENT_TIMEOUT",
  "ER_QUERY_TIMEOUT",
  "ER_UNKNOWN_COM_ERROR",
]);

/** ER_SERVER_SHUTDOWN, ER_CON_COUNT_ERROR, ER_UNKNOWN_COM_ERROR (Galera: "WSREP has not yet prepared node"), ER_STATEMENT_TIMEOUT. */
const UNAVAILABLE_ERRNOS = new Set([1053, 1040, 1047, 1969, 3024]);

const UNAVAILABLE_MESSAGES = [
  /Can't add new command when connection is in closed state/,
  /Connection lost: The server closed the connection/,
  /Pool is closed/,
  /connect ETIMEDOUT/,
  /WSREP has not yet prepared node/,
];

export interface OutageLog {
  warn(msg: string): void;
  info(msg: string): void;
}

export interface OutageOptions {
  /** What the process does meanwhile, for the first line, e.g. "answering 503 SERVICE_UNAVAILABLE". */
  meanwhile: string;
  /** How often the database is tried while it is away (default 1 s). */
  probeMs?: number;
  /** Called once the database is back (the worker puts right what it could not write meanwhile). */
  onBack?: () => void;
}

/**
 * Logs a database outage once: the first failure says what happened, then nothing per request until a probe every
 * `probeMs` finds the database again, which is logged with how long it lasted and how many failures it caused.
 */
export class OutageWatch {
  private since: number | null = null;
  private failures = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly log: OutageLog,
    private readonly probe: () => Promise<unknown>,
    private readonly o: OutageOptions,
  ) {}

  /** True when the error was an outage (and was counted); false for any other error, which the caller handles. */
  report(e: unknown): boolean {
    if (!databaseUnavailable(e)) return false;
    this.failures++;
    if (this.since !== null) return true;
    this.since = Date.now();
    this.log.warn(
      `the database is unavailable (${reasonOf(e)}): ${this.o.meanwhile} until it is back; checking every ${this.probeMs / 1000} s`,
    );
    this.schedule();
    return true;
  }

  private get probeMs(): number {
    return this.o.probeMs ?? 1000;
  }

  get down(): boolean {
    return this.since !== null;
  }

  close(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private schedule() {
    this.timer = setTimeout(() => void this.check(), this.probeMs);
    this.timer.unref();
  }

  private async check() {
    try {
      await this.probe();
    } catch {
      return this.schedule();
    }
    const seconds = ((Date.now() - (this.since ?? Date.now())) / 1000).toFixed(1);
    this.log.info(`the database is back after ${seconds} s (${this.failures} failure(s) while it was unavailable)`);
    this.since = null;
    this.failures = 0;
    this.o.onBack?.();
  }
}

const reasonOf = (e: unknown) => {
  const { code, message } = e as { code?: string; message?: string };
  return [code, message].filter(Boolean).join(": ").slice(0, 300) || String(e);
};
