import { describe, expect, it } from "vitest";
import { apiProcessCount, ConfigError, loadConfig, parseDuration, parseSentinelUrl } from "./config";
import { parseDatabaseUrl } from "./database-url";

const base = { JWT_SECRET: "0123456789abcdef0123" };

describe("loadConfig", () => {
  it("applies the contract's defaults", () => {
    const c = loadConfig(base);
    expect(c.PORT).toBe(4000);
    expect(c.DATABASE_URL).toBe("mysql://root@127.0.0.1:3306/assessment");
    expect(c.REDIS_URL).toBe("redis://127.0.0.1:6379");
    expect(c.ESCALATION_EVERY).toBe(15 * 60_000);
    expect(c.ESCALATION_STEP_HOURS).toBe(72);
    expect(c.admin).toBeUndefined();
  });

  it.each([
    [{ PORT: "eighty" }, /^PORT must be a whole number from 1 to 65535/],
    [{ PORT: "70000" }, /^PORT must be a whole number from 1 to 65535/],
    [{ DATABASE_URL: "postgres://x" }, /^DATABASE_URL must be a URL/],
    [{ REDIS_URL: "nonsense" }, /^REDIS_URL /],
    [{ ESCALATION_EVERY: "soon" }, /^ESCALATION_EVERY must be a duration/],
    [{ ADMIN_USERNAME: "root" }, /^ADMIN_PASSWORD is required/],
  ])("refuses %o with a sentence naming the variable", (env, message) => {
    expect(() => loadConfig({ ...base, ...env })).toThrow(ConfigError);
    expect(() => loadConfig({ ...base, ...env })).toThrow(message);
  });

  it("requires JWT_SECRET outside demo mode only", () => {
    expect(() => loadConfig({})).toThrow(/^JWT_SECRET is required/);
    // In demo mode the secret is the demo database's own (withDatabaseSecret), never a constant in the source.
    expect(loadConfig({ DEMO: "1" }).JWT_SECRET).toBe("");
  });

  it("listens on 127.0.0.1 in demo mode and on every interface otherwise, unless HOST says", () => {
    expect(loadConfig({ DEMO: "1" }).HOST).toBe("127.0.0.1");
    expect(loadConfig(base).HOST).toBe("0.0.0.0");
    expect(loadConfig({ DEMO: "1", HOST: "0.0.0.0" }).HOST).toBe("0.0.0.0");
  });

  it("lets webhooks call private addresses in demo mode only, unless WEBHOOK_ALLOW_PRIVATE says", () => {
    expect(loadConfig({ DEMO: "1" }).WEBHOOK_ALLOW_PRIVATE).toBe("1");
    expect(loadConfig(base).WEBHOOK_ALLOW_PRIVATE).toBe("0");
    expect(loadConfig({ DEMO: "1", WEBHOOK_ALLOW_PRIVATE: "0" }).WEBHOOK_ALLOW_PRIVATE).toBe("0");
    expect(() => loadConfig({ ...base, WEBHOOK_ALLOW_PRIVATE: "yes" })).toThrow(/^WEBHOOK_ALLOW_PRIVATE/);
  });

  it("never repeats a secret or a URL's password in its messages", () => {
    const tooShort = "hunter2-secret";
    expect(() => loadConfig({ JWT_SECRET: tooShort })).toThrow(
      /^JWT_SECRET must be at least 16 characters \(got "\*\*\* \(14 characters\)"\)/,
    );
    expect(() => loadConfig({ JWT_SECRET: tooShort })).not.toThrow(new RegExp(tooShort));
    const bad = "postgres://root:pa55word@db:5432/x";
    let message = "";
    try {
      loadConfig({ ...base, DATABASE_URL: bad });
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/^DATABASE_URL /);
    expect(message).not.toContain("pa55word");
    expect(message).toContain("postgres://root:***@db:5432/x");
  });

  it("configures the queue and the worker", () => {
    const c = loadConfig(base);
    expect([c.QUEUE_PREFIX, c.JOB_LOCK, c.EVALUATION_BATCH_SIZE, c.WORKER_CONCURRENCY]).toEqual([
      "assess",
      30_000,
      2000,
      4,
    ]);
    expect(loadConfig({ ...base, QUEUE_PREFIX: "test-1", JOB_LOCK: "5s", EVALUATION_BATCH_SIZE: "500" })).toMatchObject(
      { QUEUE_PREFIX: "test-1", JOB_LOCK: 5000, EVALUATION_BATCH_SIZE: 500 },
    );
    expect(() => loadConfig({ ...base, QUEUE_PREFIX: "a:b" })).toThrow(/^QUEUE_PREFIX must be 1 to 64 letters/);
    expect(() => loadConfig({ ...base, EVALUATION_BATCH_SIZE: "0" })).toThrow(/^EVALUATION_BATCH_SIZE /);
  });

  it("times database connections and queries out", () => {
    const c = loadConfig(base);
    expect([c.DB_CONNECT_TIMEOUT, c.DB_QUERY_TIMEOUT, c.DB_WORKER_QUERY_TIMEOUT]).toEqual([5_000, 30_000, 600_000]);
    expect(loadConfig({ ...base, DB_QUERY_TIMEOUT: "2s" }).DB_QUERY_TIMEOUT).toBe(2_000);
    expect(() => loadConfig({ ...base, DB_CONNECT_TIMEOUT: "soon" })).toThrow(/^DB_CONNECT_TIMEOUT must be a duration/);
  });

  it("takes a Galera cluster's nodes as a host list in DATABASE_URL", () => {
    expect(
      loadConfig({ ...base, DATABASE_URL: "mysql://root@10.0.0.1:3306,10.0.0.2,10.0.0.3:3307/assessment" })
        .DATABASE_URL,
    ).toContain("10.0.0.2");
    expect(() => loadConfig({ ...base, DATABASE_URL: "mysql://root@h1:3306,h2:99999/assessment" })).toThrow(
      /^DATABASE_URL names an unusable host "h2:99999"/,
    );
    expect(() => loadConfig({ ...base, DATABASE_URL: "mysql://root@h1,h2" })).toThrow(
      /^DATABASE_URL must name a database/,
    );
  });

  it("runs one API process unless API_PROCESSES asks for more, or one per core with auto", () => {
    expect(apiProcessCount(loadConfig(base).API_PROCESSES, 8)).toBe(1);
    expect(apiProcessCount(loadConfig({ ...base, API_PROCESSES: "3" }).API_PROCESSES, 8)).toBe(3);
    expect(apiProcessCount(loadConfig({ ...base, API_PROCESSES: "auto" }).API_PROCESSES, 8)).toBe(8);
    for (const bad of ["0", "many", "1.5", "257"])
      expect(() => loadConfig({ ...base, API_PROCESSES: bad })).toThrow(
        /^API_PROCESSES must be "auto" or a whole number from 1 to 256/,
      );
  });

  it("drains for SHUTDOWN_GRACE and logs JSON lines, pretty ones in demo mode", () => {
    expect(loadConfig(base)).toMatchObject({ SHUTDOWN_GRACE: 10_000, LOG_FORMAT: "json" });
    expect(loadConfig({ ...base, SHUTDOWN_GRACE: "30s", LOG_FORMAT: "pretty" })).toMatchObject({
      SHUTDOWN_GRACE: 30_000,
      LOG_FORMAT: "pretty",
    });
    expect(loadConfig({ DEMO: "1" }).LOG_FORMAT).toBe("pretty");
    expect(() => loadConfig({ ...base, LOG_FORMAT: "xml" })).toThrow(/^LOG_FORMAT /);
  });

  it("lets the worker run without JWT_SECRET, which it never uses", () => {
    expect(() => loadConfig({}, { needsSecret: false })).not.toThrow();
  });

  it("reads the bootstrap admin", () => {
    expect(loadConfig({ ...base, ADMIN_USERNAME: "admin", ADMIN_PASSWORD: "s3cret-pass" }).admin).toEqual({
      username: "admin",
      password: "s3cret-pass",
    });
  });
});

describe("parseSentinelUrl", () => {
  it("reads the sentinels, the master's name, password and database; plain URLs are not Sentinel", () => {
    expect(parseSentinelUrl("redis+sentinel://10.0.0.1:26379,10.0.0.2,10.0.0.3:26380/assess/2")).toEqual({
      sentinels: [
        { host: "10.0.0.1", port: 26379 },
        { host: "10.0.0.2", port: 26379 },
        { host: "10.0.0.3", port: 26380 },
      ],
      name: "assess",
      password: undefined,
      db: 2,
    });
    expect(parseSentinelUrl("redis+sentinel://:s%40cret@h:1/m")).toMatchObject({ password: "s@cret", db: 0 });
    expect(parseSentinelUrl("redis://127.0.0.1:6379")).toBeNull();
    expect(parseSentinelUrl("redis+sentinel://h:99999/m")).toBeNull();
    expect(parseSentinelUrl("redis+sentinel://h:1")).toBeNull();
  });

  it("is accepted as REDIS_URL; a broken one names the variable", () => {
    expect(
      loadConfig({ JWT_SECRET: "x".repeat(16), REDIS_URL: "redis+sentinel://h1:26379,h2:26379/m" }).REDIS_URL,
    ).toBe("redis+sentinel://h1:26379,h2:26379/m");
    expect(() => loadConfig({ JWT_SECRET: "x".repeat(16), REDIS_URL: "redis+sentinel://h1:26379" })).toThrow(
      /^REDIS_URL .*redis\+sentinel:\/\//,
    );
  });
});

describe("parseDuration", () => {
  it.each([
    ["15m", 900_000],
    ["90s", 90_000],
    ["1h", 3_600_000],
    ["250ms", 250],
    ["5", 300_000],
  ])("%s is %d ms", (text, ms) => expect(parseDuration(text)).toBe(ms));
  it.each(["", "0", "-1m", "1d", "m"])("refuses %j", (text) => expect(parseDuration(text)).toBeUndefined());
});

describe("parseDatabaseUrl", () => {
  it("reads one host or several, with the user, the password and the database", () => {
    expect(parseDatabaseUrl("mysql://root@127.0.0.1:3306/assessment")).toEqual({
      hosts: [{ host: "127.0.0.1", port: 3306 }],
      user: "root",
      password: "",
      database: "assessment",
    });
    expect(parseDatabaseUrl("mariadb://app:p%40ss:word@db1:3307,db2,[::1]:3308/a_b")).toEqual({
      hosts: [
        { host: "db1", port: 3307 },
        { host: "db2", port: 3306 },
        { host: "::1", port: 3308 },
      ],
      user: "app",
      password: "p@ss:word",
      database: "a_b",
    });
    expect(parseDatabaseUrl("mysql://h").user).toBe("root");
  });

  it.each(["postgres://h/db", "mysql://", "mysql://root@/db", "mysql://h1,,h2/db", "mysql://h:port/db"])(
    "refuses %j",
    (text) => expect(() => parseDatabaseUrl(text)).toThrow(),
  );
});
