import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "./ports";
import { waitFor } from "./worker";

/** A Redis of the test's own (its own port and directory), so that a test may stop or reconfigure it. */
export interface OwnRedis {
  port: number;
  url: string;
  dir: string;
  start(): Promise<void>;
  stop(): Promise<void>;
  destroy(): Promise<void>;
}

export async function startOwnRedis(args: string[] = []): Promise<OwnRedis> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), "sa-redis-"));
  const server = ownServer(
    ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--dir", dir, "--daemonize", "no", ...args],
    port,
  );
  await server.start();
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    dir,
    ...server,
    async destroy() {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A Sentinel watching `master` under the name `name`; its REDIS_URL is `redis+sentinel://127.0.0.1:<port>/<name>`. */
export async function startSentinel(master: OwnRedis, name: string): Promise<{ url: string; stop(): Promise<void> }> {
  const port = await freePort();
  // Sentinel rewrites its configuration file: it must be its own and writable.
  const conf = join(master.dir, `sentinel-${port}.conf`);
  writeFileSync(
    conf,
    [
      `port ${port}`,
      "bind 127.0.0.1",
      `sentinel monitor ${name} 127.0.0.1 ${master.port} 1`,
      `sentinel down-after-milliseconds ${name} 1000`,
      "",
    ].join("\n"),
  );
  const server = ownServer([conf, "--sentinel"], port);
  await server.start();
  return { url: `redis+sentinel://127.0.0.1:${port}/${name}`, stop: server.stop };
}

function ownServer(args: string[], port: number) {
  let child: ChildProcess | undefined;
  return {
    async start() {
      child = spawn("redis-server", args, { stdio: "ignore" });
      await waitFor(() => ping(port), 10_000, `redis-server on port ${port}`);
    },
    async stop() {
      const c = child;
      child = undefined;
      if (!c || c.exitCode !== null) return;
      const exited = new Promise((r) => c.once("exit", r));
      c.kill("SIGTERM");
      await exited;
    },
  };
}

function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = new Socket();
    s.setTimeout(500);
    s.once("error", () => resolve(false));
    s.once("timeout", () => (s.destroy(), resolve(false)));
    s.connect(port, "127.0.0.1", () => s.write("PING\r\n"));
    s.once("data", (d) => {
      s.destroy();
      resolve(d.toString().startsWith("+PONG"));
    });
  });
}
