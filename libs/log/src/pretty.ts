import type { DestinationStream } from "pino";

const SHOWN_APART = new Set(["time", "level", "app", "pid", "msg", "err"]);

/**
 * LOG_FORMAT=pretty without pino-pretty: "12:00:00.000 [api] warn: message reqId=… userId=…", an error's stack
 * below it. Each JSON line pino writes is turned into one such line.
 */
export function prettyStream(out: NodeJS.WritableStream): DestinationStream {
  return {
    write(line: string) {
      out.write(prettyLine(JSON.parse(line) as Record<string, unknown>));
    },
  };
}

export function prettyLine(entry: Record<string, unknown>): string {
  const time = typeof entry.time === "string" ? entry.time.slice(11, 23) : "";
  const level = entry.level === "info" ? "" : `${String(entry.level)}: `;
  const fields = Object.entries(entry)
    .filter(([k]) => !SHOWN_APART.has(k))
    .map(([k, v]) => `${k}=${typeof v === "string" ? v : JSON.stringify(v)}`);
  const err = entry.err as { stack?: string; message?: string } | undefined;
  const stack = err ? `\n  ${(err.stack ?? err.message ?? "").replace(/\n/g, "\n  ")}` : "";
  return `${time} [${String(entry.app)}] ${level}${String(entry.msg ?? "")}${fields.length ? ` ${fields.join(" ")}` : ""}${stack}\n`;
}
