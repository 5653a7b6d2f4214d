export type Level = "debug" | "info" | "warn" | "error" | "silent";

export interface Log {
  debug(msg: string): void;
  info(msg: string): void;
  warn(msg: string): void;
  error(msg: string, e?: unknown): void;
}

const ORDER: Level[] = ["debug", "info", "warn", "error", "silent"];

/** One line per event, prefixed "[worker]"; errors without stack traces unless LOG_LEVEL=debug. */
export function createLog(level: Level, out: (line: string) => void = (l) => console.log(l)): Log {
  const on = (l: Level) => ORDER.indexOf(l) >= ORDER.indexOf(level);
  const write = (l: Level, msg: string) => on(l) && out(`[worker] ${l === "info" ? "" : `${l}: `}${msg}`);
  return {
    debug: (m) => write("debug", m),
    info: (m) => write("info", m),
    warn: (m) => write("warn", m),
    error: (m, e) => write("error", e === undefined ? m : `${m}: ${level === "debug" && e instanceof Error ? e.stack : e instanceof Error ? e.message : String(e)}`),
  };
}
