import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningWorker } from "../../apps/worker/src/worker";
import { user } from "../support/factories";
import { type Api, ok, startApi } from "../support/harness";
import { startOwnRedis, startSentinel, type OwnRedis } from "../support/own-redis";
import { capturedLogger } from "../support/captured-log";
import { dropQueue, settled, startTestWorker } from "../support/worker";

/*
 * Redis as operators set it up: behind Sentinel (REDIS_URL redis+sentinel://…), and — wrongly — with a
 * maxmemory-policy that evicts keys, which the worker must say loudly at start.
 */
let redis: OwnRedis;
let sentinel: Awaited<ReturnType<typeof startSentinel>>;
let api: Api;
let worker: RunningWorker | undefined;
const { log, lines } = capturedLogger("worker", "warn");

beforeAll(async () => {
  redis = await startOwnRedis(["--maxmemory", "64mb", "--maxmemory-policy", "allkeys-lru"]);
  sentinel = await startSentinel(redis, "assess-master");
  api = await startApi({ REDIS_URL: sentinel.url });
}, 60_000);

afterAll(async () => {
  await worker?.close(2_000);
  await dropQueue(sentinel.url, api.config.QUEUE_PREFIX);
  await api?.close();
  await sentinel?.stop();
  await redis?.destroy();
});

describe("Redis behind Sentinel, evicting keys", () => {
  it("queues and runs jobs through the master Sentinel names, and warns that the policy must be noeviction", async () => {
    worker = await startTestWorker(api, { log });
    expect(
      lines.filter(
        (l) => l.level === "warn" && /maxmemory-policy is "allkeys-lru", but BullMQ needs "noeviction"/.test(l.msg),
      ),
    ).toHaveLength(1);

    const admin = await user(api, "CITY_ADMIN");
    const run = ok(await api.gql(`mutation { triggerEscalation { id state } }`, {}, admin.token)).triggerEscalation;
    expect(run.state).toBe("QUEUED");
    expect((await settled(api, admin.token, run.id, 20_000)).state).toBe("COMPLETED");
  }, 60_000);
});
