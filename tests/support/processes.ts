import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";

/** The repository's root: compiled entries are spawned from here. */
export const ROOT = join(__dirname, "..", "..");

/** A line of JSON the processes log (libs/log). */
export interface LogLine {
  level: string;
  app: string;
  pid: number;
  msg: string;
  [field: string]: unknown;
}

export interface Spawned {
  child: ChildProcess;
  output(): string;
  /** The JSON lines logged so far (other output skipped). */
  lines(): LogLine[];
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** `node <file>` from the root with `env` over this process's environment, its output collected. */
export function spawnNode(file: string, env: Record<string, string>): Spawned {
  const child = spawn(process.execPath, [file], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout!.on("data", (b) => (out += b));
  child.stderr!.on("data", (b) => (out += b));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on("exit", (code, signal) => resolve({ code, signal })),
  );
  const lines = () =>
    out.split("\n").flatMap((l) => {
      try {
        return l.startsWith("{") ? [JSON.parse(l) as LogLine] : [];
      } catch {
        return []; // a line still being written
      }
    });
  return { child, output: () => out, lines, exited };
}

/** The lines of `app` whose message matches. */
export const logged = (s: Spawned, app: string, msg: RegExp) =>
  s.lines().filter((l) => l.app === app && msg.test(l.msg));

/** True when no process has this pid any more (an exited child that nobody reaped yet counts as gone). */
export function gone(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2).startsWith("Z");
  } catch {
    return true;
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
    s.on("error", reject);
  });
}
