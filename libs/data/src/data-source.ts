import "reflect-metadata";
import { parseDatabaseUrl, type DatabaseTarget } from "@assess/config";
import { createConnection, type Connection } from "mysql2/promise";
import { DataSource, Logger } from "typeorm";
import { ENTITIES } from "./entities";
import { withMigrationLock } from "./migration-lock";
import { MIGRATIONS } from "./migrations";
import { poolDriver } from "./pool";

/** Counts the SQL statements sent, so that tests can assert a constant number of queries per request. */
export class QueryCounter implements Logger {
  count = 0;
  logQuery() {
    this.count++;
  }
  logQueryError() {}
  logQuerySlow() {}
  logSchemaBuild() {}
  logMigration() {}
  log() {}
}

export interface DataSourceOptions {
  poolSize?: number;
  counter?: QueryCounter;
  /** How long opening a connection may take before its server counts as down; 5 s when not given. */
  connectTimeoutMs?: number;
  /**
   * The longest a statement may take; none when not given. The server aborts it a second before (max_statement_time),
   * and the client gives up at this time (mysql2's `timeout`) on a server that no longer answers, closing the connection.
   */
  queryTimeoutMs?: number;
}

const DEFAULT_CONNECT_TIMEOUT_MS = 5_000;

/**
 * A TypeORM data source over MariaDB, or over the nodes of a Galera cluster when the URL lists several hosts (then
 * with failover between them, see pool.ts). Dates are UTC; the schema comes from migrations only.
 */
export function createDataSource(url: string, options: DataSourceOptions = {}): DataSource {
  const counter = options.counter ?? new QueryCounter();
  const target = parseDatabaseUrl(url);
  const timeout = options.queryTimeoutMs ?? 0;
  return new DataSource({
    type: "mariadb",
    connectorPackage: "mysql2",
    driver: poolDriver(target.hosts, timeout),
    host: target.hosts[0]!.host,
    port: target.hosts[0]!.port,
    username: target.user,
    password: target.password,
    database: target.database,
    charset: "utf8mb4_unicode_ci",
    timezone: "Z",
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: "migrations",
    migrationsTransactionMode: "each",
    synchronize: false,
    logging: ["query"],
    logger: counter,
    poolSize: options.poolSize ?? 10,
    connectTimeout: options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
    // mysql2's own timeout on every statement; the driver's pools close a connection whose statement ran out.
    ...(timeout ? { enableQueryTimeout: true, maxQueryExecutionTime: timeout } : {}),
    extra: { decimalNumbers: false, supportBigNumbers: true, bigNumberStrings: false },
  });
}

/** The counter a data source was created with. */
export function queryCounter(ds: DataSource): QueryCounter {
  return ds.logger as QueryCounter;
}

/** A connection of its own to the first host of the list that answers, for the work around the pool. */
async function connectAny(
  target: DatabaseTarget,
  database?: string,
  connectTimeout = DEFAULT_CONNECT_TIMEOUT_MS,
): Promise<Connection> {
  let last: unknown;
  for (const { host, port } of target.hosts) {
    try {
      return await createConnection({
        host,
        port,
        user: target.user,
        password: target.password,
        database,
        connectTimeout,
      });
    } catch (e) {
      last = e;
    }
  }
  throw last;
}

function databaseName(target: DatabaseTarget): string {
  if (!/^[A-Za-z0-9_$-]+$/.test(target.database))
    throw new Error(`DATABASE_URL names an unusable database: "${target.database}"`);
  return target.database;
}

/** Creates the database named in the URL when it does not exist yet. */
export async function ensureDatabase(url: string, connectTimeout?: number): Promise<void> {
  const target = parseDatabaseUrl(url);
  const name = databaseName(target);
  const conn = await connectAny(target, undefined, connectTimeout);
  try {
    await conn.query(`CREATE DATABASE IF NOT EXISTS \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  } finally {
    await conn.end();
  }
}

/** Drops a database: tests only. */
export async function dropDatabase(url: string): Promise<void> {
  const target = parseDatabaseUrl(url);
  const conn = await connectAny(target);
  try {
    await conn.query(`DROP DATABASE IF EXISTS \`${databaseName(target)}\``);
  } finally {
    await conn.end();
  }
}

/**
 * Runs the pending migrations under the migration lock (migration-lock.ts). They run on a data source of their own
 * without a query timeout, since one may rebuild a big table for minutes. The lock is claimed and renewed on a
 * connection of its own, so that renewals never wait behind a long migration.
 */
export async function migrateDatabase(url: string, connectTimeoutMs?: number): Promise<void> {
  const target = parseDatabaseUrl(url);
  const lock = await connectAny(target, databaseName(target), connectTimeoutMs);
  try {
    await withMigrationLock(lock, async () => {
      const ds = createDataSource(url, { poolSize: 2, connectTimeoutMs });
      await ds.initialize();
      try {
        await ds.runMigrations({ transaction: "each" });
      } finally {
        await ds.destroy();
      }
    });
  } finally {
    await lock.end().catch(() => {});
  }
}

/** Ensures the database, migrates it and connects: the start of every process that uses the database. */
export async function openDatabase(url: string, options: DataSourceOptions = {}): Promise<DataSource> {
  await ensureDatabase(url, options.connectTimeoutMs);
  await migrateDatabase(url, options.connectTimeoutMs);
  const ds = createDataSource(url, options);
  await ds.initialize();
  return ds;
}
