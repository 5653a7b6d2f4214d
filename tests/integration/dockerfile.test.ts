import { spawn, execFile, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readFileSync } from "node:fs";
import { rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { dropDatabase } from "@assess/data";
import { copyAsDockerDoes, envOf, parseDockerfile, walk, workdirOf, type Stage } from "../support/dockerfile";
import { MARIADB, REDIS_URL } from "../support/harness";
import { freePort } from "../support/ports";
import { nodeEntries, REPO_ROOT } from "../support/infra-yaml";

/**
 * infra/Dockerfile built without a container engine (none runs here): the build stage's COPY lines copied exactly,
 * .dockerignore applied, its RUN run in the copy, then the image's CMD started from the result against MariaDB and
 * Redis. A path the build or the running image needs but the Dockerfile does not copy fails here (bench/ once did).
 */
const run = promisify(execFile);
const stages = parseDockerfile(readFileSync(join(REPO_ROOT, "infra", "Dockerfile"), "utf8"));
const runtime = stages.at(-1)!;
const fromBuild = runtime.instructions.find((i) => i.op === "COPY" && i.flags.from)!;
const build = stages.find((s) => s.name === fromBuild.flags.from)!;

const scratch = mkdtempSync(join(tmpdir(), "sa-docker-"));
// The build stage's WORKDIR inside the scratch directory: /app becomes <scratch>/app.
const app = join(scratch, workdirOf(build));
const database = `${MARIADB}/sa_test_docker_${randomBytes(4).toString("hex")}`;
let started: ChildProcess | undefined;

// Removing the copy's node_modules takes a minute on a busy disk.
afterAll(async () => {
  if (started?.exitCode === null && started.pid) process.kill(-started.pid, "SIGKILL");
  await Promise.all([rm(scratch, { recursive: true, force: true }), dropDatabase(database)]);
}, 300_000);

/** Only what a build inside the image would see: no variables of this test run (NODE_ENV=test, npm_*). */
function buildEnv(stage: Stage): NodeJS.ProcessEnv {
  // prefer-offline: packages come from this machine's npm cache when it has them; the RUN line itself is unchanged.
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    npm_config_prefer_offline: "true",
    npm_config_update_notifier: "false",
    ...envOf(stage),
  };
}

/** Polls until `check` is true; the deadline only bounds a start that never comes. */
async function until(what: string, check: () => Promise<boolean> | boolean, output: () => string, ms = 120_000) {
  const end = Date.now() + ms;
  while (
    !(await Promise.resolve()
      .then(check)
      .catch(() => false))
  ) {
    if (started?.exitCode !== null)
      throw new Error(`the image's CMD exited (${started?.exitCode}) before ${what}:\n${output()}`);
    if (Date.now() > end) throw new Error(`no ${what} after ${ms / 1000} s:\n${output()}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe("infra/Dockerfile", () => {
  it("builds from exactly what it copies, and its CMD serves /healthz and the console and starts the worker", async () => {
    expect(
      fromBuild.args,
      "the runtime stage takes the build stage's WORKDIR whole: this test runs the image from it",
    ).toEqual([workdirOf(build), workdirOf(runtime)]);

    const copies = build.instructions.filter((i) => i.op === "COPY" && !i.flags.from);
    mkdirSync(app, { recursive: true });
    const copied = copyAsDockerDoes(REPO_ROOT, copies, app);
    expect(copied).toContain("package-lock.json");
    // The build proves itself from sources only: .dockerignore keeps out this checkout's installs and outputs.
    const leftovers = walk(app).filter((p) => /(^|\/)(node_modules|dist)$|\.tsbuildinfo$/.test(p));
    expect(leftovers, "copied into the image although a build makes them (.dockerignore)").toEqual([]);

    for (const step of build.instructions.filter((i) => i.op === "RUN")) {
      await run("sh", ["-c", step.text], { cwd: app, env: buildEnv(build), maxBuffer: 64 * 1024 * 1024 }).catch(
        (e: { stdout: string; stderr: string }) => {
          throw new Error(`RUN ${step.text} failed:\n${e.stdout.slice(-3000)}\n${e.stderr.slice(-3000)}`);
        },
      );
    }

    const cmd = JSON.parse(runtime.instructions.find((i) => i.op === "CMD")!.text) as string[];
    expect(cmd[0]).toBe("node");
    for (const entry of [cmd[1]!, ...nodeEntries()])
      expect(existsSync(join(app, entry)), `${entry} in the image`).toBe(true);

    const port = await freePort();
    const env = {
      PATH: process.env.PATH,
      ...envOf(runtime),
      // What docker-compose.yml and the Kubernetes manifests set; DATA_DIR is their volume, here a directory of the test.
      DATA_DIR: join(scratch, "data"),
      DATABASE_URL: database,
      REDIS_URL,
      JWT_SECRET: randomBytes(16).toString("hex"),
      QUEUE_PREFIX: `test-docker-${randomBytes(4).toString("hex")}`,
      PORT: String(port),
      HOST: "127.0.0.1",
    };
    let output = "";
    started = spawn(process.execPath, cmd.slice(1), { cwd: app, env, detached: true });
    started.stdout!.on("data", (d: Buffer) => (output += d));
    started.stderr!.on("data", (d: Buffer) => (output += d));
    const base = `http://127.0.0.1:${port}`;
    await until(
      "/healthz answering 200",
      async () => (await fetch(`${base}/healthz`)).status === 200,
      () => output,
    );
    await until(
      "the worker ready",
      () => /\bready\b/.test(output),
      () => output,
    );

    const page = await fetch(`${base}/tasks`, { headers: { accept: "text/html" } });
    expect(page.status).toBe(200);
    expect(await page.text()).toMatch(/<script[^>]+src="\/assets\//);

    const exited = new Promise<number | null>((resolve) => started!.once("exit", resolve));
    started.kill("SIGTERM");
    expect(await exited).toBe(0);
  }, 900_000);
});
