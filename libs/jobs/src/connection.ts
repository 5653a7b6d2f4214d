import { parseSentinelUrl } from "@assess/config";
import { Redis, type RedisOptions } from "ioredis";

/** The URL without its password, for messages and logs. */
export function safeUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return "(unparsable REDIS_URL)";
  }
}

/** ioredis's options for a Sentinel REDIS_URL (see parseSentinelUrl), or null for a plain redis:// URL. */
export function redisOptions(url: string): RedisOptions | null {
  const s = parseSentinelUrl(url);
  return s && { sentinels: s.sentinels, name: s.name, password: s.password, sentinelPassword: s.password, db: s.db };
}

/** A connection to REDIS_URL (plain or Sentinel) with these options. */
export function connectRedis(url: string, options: RedisOptions): Redis {
  const sentinel = redisOptions(url);
  return sentinel ? new Redis({ ...sentinel, ...options }) : new Redis(url, options);
}

/**
 * BullMQ keeps its jobs in Redis: a Redis that evicts keys when full (any maxmemory-policy but noeviction) may drop
 * queued jobs and their locks. Returns a warning to log loudly, or null when the policy is right (or cannot be read).
 */
export async function evictionWarning(redis: Redis): Promise<string | null> {
  const info = await redis.info("memory").catch(() => "");
  const policy = /^maxmemory_policy:(\S+)/m.exec(info)?.[1];
  if (!policy || policy === "noeviction") return null;
  return `Redis maxmemory-policy is "${policy}", but BullMQ needs "noeviction": when Redis fills up it would evict queued jobs and their locks. Set maxmemory-policy noeviction (redis.conf, or CONFIG SET maxmemory-policy noeviction)`;
}

/** Reconnects quickly and forever: a worker must come back by itself when Redis does. */
const retryStrategy = (times: number) => Math.min(250 * times, 3_000);

/**
 * A connection for producers: commands fail at once while Redis is down (no offline queue, no retry per request),
 * so that a request to queue a job answers quickly instead of waiting for Redis, and a job is never queued
 * late behind the caller's back.
 */
export function producerConnection(url: string): Redis {
  const redis = connectRedis(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    retryStrategy,
    connectTimeout: 2_000,
  });
  redis.on("error", () => {}); // reported to callers through their commands
  return redis;
}

/** Options for a worker's connections: BullMQ requires maxRetriesPerRequest null for its blocking connection. */
export function workerConnectionOptions(url: string): RedisOptions {
  return { ...(redisOptions(url) ?? { url }), maxRetriesPerRequest: null, retryStrategy, connectTimeout: 5_000 };
}

/** Waits until the connection is ready, or rejects after `ms`. */
export function whenReady(redis: Redis, ms: number): Promise<void> {
  if (redis.status === "ready") return Promise.resolve();
  return new Promise((resolve, reject) => {
    let last: Error | undefined;
    const onError = (e: Error) => (last = e);
    const onReady = () => done(null);
    const timer = setTimeout(() => done(last ?? new Error(`no answer within ${ms} ms`)), ms);
    function done(err: Error | null) {
      clearTimeout(timer);
      redis.off("ready", onReady);
      redis.off("error", onError);
      if (err) reject(err);
      else resolve();
    }
    redis.on("ready", onReady);
    redis.on("error", onError);
    if (redis.status === "wait") redis.connect().catch(() => {});
  });
}
