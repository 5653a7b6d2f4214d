import { describe, expect, it } from "vitest";
import { addLogContext, createLogger, withLogContext } from "./log";
import { prettyLine } from "./pretty";

function captured() {
  const lines: Record<string, unknown>[] = [];
  return { lines, destination: { write: (l: string) => void lines.push(JSON.parse(l) as Record<string, unknown>) } };
}

describe("createLogger", () => {
  it("writes JSON lines with level, time, app and the fields of the request they were logged in, through awaits", async () => {
    const { lines, destination } = captured();
    const log = createLogger({ app: "api", destination });
    log.info("outside");
    await withLogContext({ reqId: "r-1" }, async () => {
      log.info("before sign-in");
      await new Promise((r) => setTimeout(r, 1));
      addLogContext({ userId: 7 });
      await Promise.resolve();
      log.warn("after sign-in");
    });
    expect(lines.map(({ level, app, msg, reqId, userId }) => ({ level, app, msg, reqId, userId }))).toEqual([
      { level: "info", app: "api", msg: "outside", reqId: undefined, userId: undefined },
      { level: "info", app: "api", msg: "before sign-in", reqId: "r-1", userId: undefined },
      { level: "warn", app: "api", msg: "after sign-in", reqId: "r-1", userId: 7 },
    ]);
    expect(new Date(lines[0]!.time as string).getTime()).not.toBeNaN();
  });

  it("keeps two requests' fields apart", async () => {
    const { lines, destination } = captured();
    const log = createLogger({ app: "worker", destination });
    const job = (jobId: string) =>
      withLogContext({ job: "evaluation-part", jobId }, async () => {
        await new Promise((r) => setTimeout(r, 2));
        log.info(`part ${jobId}`);
      });
    await Promise.all([job("a"), job("b")]);
    expect(lines.map((l) => [l.msg, l.jobId])).toEqual(
      expect.arrayContaining([
        ["part a", "a"],
        ["part b", "b"],
      ]),
    );
  });
});

describe("prettyLine", () => {
  it("reads like the old console lines, with the request's fields after the message and an error's stack below", () => {
    expect(
      prettyLine({ level: "info", time: "2026-12-01T03:04:05.678Z", app: "api", pid: 1, msg: "GraphQL on …" }),
    ).toBe("03:04:05.678 [api] GraphQL on …\n");
    const line = prettyLine({
      level: "error",
      time: "2026-12-01T03:04:05.678Z",
      app: "worker",
      pid: 1,
      jobId: "x.1",
      msg: "failed",
      err: { message: "boom", stack: "Error: boom\n    at f" },
    });
    expect(line).toBe("03:04:05.678 [worker] error: failed jobId=x.1\n  Error: boom\n      at f\n");
  });
});
