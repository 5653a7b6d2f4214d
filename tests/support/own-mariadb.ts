import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createConnection } from "mysql2/promise";
import { freePort } from "./ports";
import { waitFor } from "./worker";

/**
 * A MariaDB server of the test's own (its own data directory and port), so that a test may stop, freeze and restart
 * it without touching the machine's server that other test files share.
 */
export interface OwnMariaDb {
  /** mysql://root@127.0.0.1:<port> (no database). */
  url: string;
  /** Stops it (SIGTERM, a clean shutdown) and waits until it has exited. */
  stop(): Promise<void>;
  /** Starts it again on the same data and port, and waits until it answers. */
  start(): Promise<void>;
  /** SIGSTOP: it keeps its sockets but answers nothing, as a hung server does; resolves once it is stopped. */
  freeze(): Promise<void>;
  thaw(): void;
  /** Stops it for good and removes its data. */
  destroy(): Promise<void>;
}

export async function startOwnMariaDb(): Promise<OwnMariaDb> {
  const dir = mkdtempSync(join(tmpdir(), "sa-mariadb-"));
  execFileSync(
    "mariadb-install-db",
    [
      "--no-defaults",
      `--datadir=${dir}/data`,
      "--auth-root-authentication-method=normal",
      "--skip-test-db",
      "--user=root",
    ],
    {
      stdio: "ignore",
    },
  );
  const port = await freePort();
  let child: ChildProcess | null = null;
  const start = async () => {
    child = spawn(
      "/usr/sbin/mariadbd",
      [
        "--no-defaults",
        `--datadir=${dir}/data`,
        `--port=${port}`,
        `--socket=${dir}/sock`,
        `--pid-file=${dir}/pid`,
        "--bind-address=127.0.0.1",
        "--user=root",
        "--skip-log-bin",
        "--innodb-buffer-pool-size=64M",
      ],
      { stdio: "ignore" },
    );
    // A server that could not start (its port taken meanwhile) must not be mistaken for another one answering there.
    const c = child;
    const died = new Promise<never>((_, reject) =>
      c.once("exit", (code) => reject(new Error(`the test's MariaDB on port ${port} exited (${code}) while starting`))),
    );
    died.catch(() => {});
    await Promise.race([answers(port), died]);
  };
  const stop = async () => {
    const c = child;
    child = null;
    if (!c || c.exitCode !== null) return;
    const exited = new Promise((r) => c.once("exit", r));
    c.kill("SIGCONT");
    c.kill("SIGTERM");
    await exited;
  };
  await start();
  return {
    url: `mysql://root@127.0.0.1:${port}`,
    stop,
    start,
    freeze: async () => {
      const c = child;
      if (!c?.pid || c.exitCode !== null) throw new Error("the test's MariaDB is not running");
      c.kill("SIGSTOP");
      // A signal is delivered asynchronously: go on only once the kernel shows the process stopped.
      await waitFor(async () => / T /.test(readFileSync(`/proc/${c.pid}/stat`, "utf8")), 5_000, "the MariaDB to stop");
    },
    thaw: () => void child?.kill("SIGCONT"),
    async destroy() {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function answers(port: number, ms = 30_000): Promise<void> {
  const until = Date.now() + ms;
  for (;;) {
    try {
      const c = await createConnection({ host: "127.0.0.1", port, user: "root", connectTimeout: 1000 });
      await c.end();
      return;
    } catch (e) {
      if (Date.now() > until)
        throw new Error(`the test's MariaDB on port ${port} did not come up: ${(e as Error).message}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}
