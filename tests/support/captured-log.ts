import { createLogger, type Logger } from "@assess/log";

/** A line the logger wrote, parsed: level as a word, msg, and whatever fields it carried. */
export interface LogLine {
  level: string;
  msg: string;
  [field: string]: unknown;
}

/** A real logger (JSON lines, as in production) whose lines a test reads back. */
export function capturedLogger(
  app: string,
  level: "debug" | "info" | "warn" = "info",
): { log: Logger; lines: LogLine[] } {
  const lines: LogLine[] = [];
  const log = createLogger({
    app,
    level,
    destination: { write: (line: string) => void lines.push(JSON.parse(line) as LogLine) },
  });
  return { log, lines };
}
