import "reflect-metadata";
import { randomBytes } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import { loadConfig, type Config } from "@assess/config";
import { dropDatabase, openDatabase, queryCounter } from "@assess/data";
import { createLogger, type Logger } from "@assess/log";
import { loadRubrics } from "@assess/rubrics";
import type { DataSource } from "typeorm";
import { createApp, listen } from "../../apps/api/src/app";
import { extraRoutes, startExtras } from "../../apps/api/src/main.extra";
import { createServices, type Services } from "../../apps/api/src/services";

export const MARIADB = process.env.TEST_DATABASE_URL ?? "mysql://root@127.0.0.1:3306";
export const REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";

/** A controllable clock: tests move time instead of sleeping. */
export class TestClock {
  constructor(public time = new Date("2024-05-10T02:00:00Z")) {}
  now = () => new Date(this.time);
  set(iso: string | Date) {
    this.time = new Date(iso);
  }
  advanceHours(h: number) {
    this.time = new Date(this.time.getTime() + h * 3_600_000);
  }
}

export interface GqlResult<T = any> {
  data?: T;
  errors?: { message: string; extensions?: { code?: string; field?: string } }[];
}

export interface Api {
  url: string;
  ds: DataSource;
  config: Config;
  services: Services;
  clock: TestClock;
  databaseUrl: string;
  /** POST /graphql with an optional bearer token. */
  gql<T = any>(query: string, variables?: Record<string, unknown>, token?: string | null): Promise<GqlResult<T>>;
  /** SQL statements sent so far (for query-count assertions). */
  queries(): number;
  close(): Promise<void>;
}

/** A database name of a test's own (it is dropped when the test's API closes). */
export const testDatabaseName = () => `sa_test_${Date.now().toString(36)}_${randomBytes(3).toString("hex")}`;

export interface StartOptions {
  /** The MariaDB server (mysql://user@host:port, no database); default TEST_DATABASE_URL or the machine's. */
  server?: string;
  /** The API's logger (default: silent, or debug lines with TEST_LOG). */
  log?: Logger;
}

/**
 * A fresh database (migrated) and an API server on a free port, for one test file.
 * Each test then makes its own units and users with the factories, so tests never share rows.
 * `database` serves one the test has filled already (the demo city), dropped on close all the same.
 */
export async function startApi(
  env: Record<string, string> = {},
  database?: string,
  o: StartOptions = {},
): Promise<Api> {
  const name = database ?? testDatabaseName();
  const databaseUrl = `${o.server ?? MARIADB}/${name}`;
  const config = loadConfig({
    JWT_SECRET: "test-secret-test-secret",
    DATABASE_URL: databaseUrl,
    REDIS_URL,
    BCRYPT_ROUNDS: "4",
    DATA_DIR: mkdtempSync(join(tmpdir(), "sa-data-")),
    LOG_LEVEL: "silent",
    // Each test file queues its jobs under its own BullMQ prefix, apart from other files and from a dev instance.
    QUEUE_PREFIX: name,
    // Every test signs in from 127.0.0.1, and some fail on purpose: only the throttling test counts addresses.
    LOGIN_FAILURES_PER_ADDRESS: "100000",
    ...env,
  });
  const ds = await openDatabase(databaseUrl, {
    poolSize: 20,
    connectTimeoutMs: config.DB_CONNECT_TIMEOUT,
    queryTimeoutMs: config.DB_QUERY_TIMEOUT,
  });
  const clock = new TestClock();
  const services = createServices({ ds, config, rubrics: loadRubrics(), clock: clock.now });
  const extras = await startExtras(services, config);
  const { app, apollo } = await createApp({
    services,
    health: { db: () => ds.query("SELECT 1").then(() => true), redis: async () => true },
    routes: extraRoutes(services, extras),
    log: o.log ?? createLogger({ app: "api", level: process.env.TEST_LOG ? "debug" : "silent" }),
  });
  const server: Server = await listen(app, 0);
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    ds,
    config,
    services,
    clock,
    databaseUrl,
    async gql(query, variables, token) {
      const res = await fetch(`${url}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify({ query, variables }),
      });
      return (await res.json()) as GqlResult;
    },
    queries: () => queryCounter(ds).count,
    async close() {
      await new Promise((r) => server.close(r));
      await apollo.stop();
      // The jobs this file queued (and no worker ran) leave Redis with it.
      if (services.producer.connected)
        await (await services.producer.ready()).obliterate({ force: true }).catch(() => {});
      await extras.close();
      services.loginThrottle.close();
      await ds.destroy();
      await dropDatabase(databaseUrl);
    },
  };
}

/** The data of a successful answer; fails the test with the errors otherwise. */
export function ok<T = any>(r: GqlResult<T>): T {
  if (r.errors?.length || !r.data) throw new Error(`GraphQL errors: ${JSON.stringify(r.errors)}`);
  return r.data;
}

/** The code of the first error. */
export const code = (r: GqlResult) => r.errors?.[0]?.extensions?.code;
