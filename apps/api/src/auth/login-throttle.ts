import type { Config } from "@assess/config";
import { connectRedis } from "@assess/jobs";
import type { Redis } from "ioredis";
import {
  RateLimiterMemory,
  RateLimiterRedis,
  type RateLimiterAbstract,
  type RateLimiterRes,
} from "rate-limiter-flexible";

/** Thrown by a sign-in while a lockout applies; the resolver answers it (UNAUTHENTICATED, HTTP 429, when to retry). */
export class LoginLocked extends Error {
  constructor(readonly lockout: Lockout) {
    super(
      `too many failed sign-ins for this ${lockout.scope}; try again in ${Math.ceil(lockout.retryAfterMs / 60_000)} minute(s)`,
    );
  }
}

/** A sign-in refused for too many failures: when to try again. */
export interface Lockout {
  /** What is locked: the username, or the address it comes from. */
  scope: "username" | "address";
  retryAfterMs: number;
}

/**
 * Failed sign-ins counted per username and per address on the shared Redis (every API instance sees the same
 * counts; while Redis is away, each instance counts in memory). After LOGIN_FAILURES_PER_USER failures of a
 * username, or LOGIN_FAILURES_PER_ADDRESS from one address, within LOGIN_LOCKOUT, further attempts are refused until
 * LOGIN_LOCKOUT has passed, whatever the password. A successful sign-in clears the username's count.
 */
export class LoginThrottle {
  /** Connected on the first sign-in: a process that never signs anyone in (a script) holds no connection. */
  private redis: Redis | null = null;
  private made: { byUser: RateLimiterAbstract; byAddress: RateLimiterAbstract } | null = null;
  private readonly limits: { user: number; address: number };

  constructor(
    private readonly config: Pick<
      Config,
      "REDIS_URL" | "QUEUE_PREFIX" | "LOGIN_FAILURES_PER_USER" | "LOGIN_FAILURES_PER_ADDRESS" | "LOGIN_LOCKOUT"
    >,
  ) {
    this.limits = { user: config.LOGIN_FAILURES_PER_USER, address: config.LOGIN_FAILURES_PER_ADDRESS };
  }

  /** The limiters, made (and Redis connected) on first use. */
  private limiters() {
    if (this.made) return this.made;
    const seconds = Math.max(1, Math.round(this.config.LOGIN_LOCKOUT / 1000));
    this.redis = connectRedis(this.config.REDIS_URL, {
      maxRetriesPerRequest: 1,
      connectTimeout: 2000,
      retryStrategy: (n) => Math.min(n * 200, 2000),
    });
    this.redis.on("error", () => {});
    const limiter = (name: string, points: number) =>
      new RateLimiterRedis({
        storeClient: this.redis,
        useRedisPackage: false,
        keyPrefix: `${this.config.QUEUE_PREFIX}:login:${name}`,
        points,
        duration: seconds,
        blockDuration: seconds,
        insuranceLimiter: new RateLimiterMemory({
          keyPrefix: `login:${name}`,
          points,
          duration: seconds,
          blockDuration: seconds,
        }),
      });
    this.made = { byUser: limiter("user", this.limits.user), byAddress: limiter("address", this.limits.address) };
    return this.made;
  }

  /** The lockout that applies to this attempt, if any: checked before the password is. */
  async lockout(username: string, address: string | null): Promise<Lockout | null> {
    const { byUser, byAddress } = this.limiters();
    const [u, a] = await Promise.all([byUser.get(key(username)), address ? byAddress.get(address) : null]);
    if (u && u.consumedPoints >= this.limits.user && u.msBeforeNext > 0)
      return { scope: "username", retryAfterMs: u.msBeforeNext };
    if (a && a.consumedPoints >= this.limits.address && a.msBeforeNext > 0)
      return { scope: "address", retryAfterMs: a.msBeforeNext };
    return null;
  }

  async failed(username: string, address: string | null): Promise<void> {
    const { byUser, byAddress } = this.limiters();
    const spent = (p: Promise<RateLimiterRes>) => p.catch(() => undefined);
    await Promise.all([spent(byUser.consume(key(username))), address ? spent(byAddress.consume(address)) : undefined]);
  }

  async succeeded(username: string): Promise<void> {
    await this.limiters()
      .byUser.delete(key(username))
      .catch(() => undefined);
  }

  close(): void {
    this.redis?.disconnect();
    this.redis = null;
    this.made = null;
  }
}

const key = (username: string) => username.trim().toLowerCase();
