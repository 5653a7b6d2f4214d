import "reflect-metadata";
import { createHash } from "node:crypto";
import { createConnection } from "mysql2/promise";
import { DataSource, Logger } from "typeorm";
import { ENTITIES } from "./entities";
import { MIGRATIONS } from "./migrations";

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
}

/** A TypeORM data source over MariaDB/MySQL. Dates are UTC; the schema comes from migrations only. */
export function createDataSource(url: string, options: DataSourceOptions = {}): DataSource {
  const counter = options.counter ?? new QueryCounter();
  return new DataSource({
    type: "mariadb",
    url,
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
    extra: { decimalNumbers: false, supportBigNumbers: true, bigNumberStrings: false },
  });
}

/** The counter a data source was created with. */
export function queryCounter(ds: DataSource): QueryCounter {
  return ds.logger as QueryCounter;
}

/** Creates the database named in the URL when it does not exist yet. */
export async function ensureDatabase(url: string): Promise<void> {
  const u = new URL(url);
  const name = decodeURIComponent(u.pathname.replace(/^\//, ""));
  if (!/^[A-Za-z0-9_$-]+$/.test(name)) throw new Error(`DATABASE_URL names an unusable database: "${name}"`);
  const conn = await createConnection({
    host: u.hostname,
    port: Number(u.port || 3306),
    user: decodeURIComponent(u.username) || "root",
    password: decodeURIComponent(u.password),
  });
  try {
    await conn.query(`CREATE DATABASE IF NOT EXISTS \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  } finally {
    await conn.end();
  }
}

/** Drops a database: tests only. */
export async function dropDatabase(url: string): Promise<void> {
  const u = new URL(url);
  const name = decodeURIComponent(u.pathname.replace(/^\//, ""));
  const conn = await createConnection({ host: u.hostname, port: Number(u.port || 3306), user: decodeURIComponent(u.username) || "root", password: decodeURIComponent(u.password) });
  try {
    await conn.query(`DROP DATABASE IF EXISTS \`${name}\``);
  } finally {
    await conn.end();
  }
}

/**
 * Ensures the database, connects and runs pending migrations. A named lock serialises the migrations of
 * processes that start together (the API and the workers of `npm start`, several API hosts). The lock is
 * per database, so that one database's start never waits for another's, and it is held on a connection of
 * its own: taken from the pool, it would starve the migrations of a small pool (poolSize 1 deadlocked).
 */
export async function openDatabase(url: string, options: DataSourceOptions = {}): Promise<DataSource> {
  await ensureDatabase(url);
  const u = new URL(url);
  const name = decodeURIComponent(u.pathname.replace(/^\//, ""));
  const lockName = `assessment_migrations:${createHash("sha1").update(name).digest("hex").slice(0, 32)}`;
  const lock = await createConnection({ host: u.hostname, port: Number(u.port || 3306), user: decodeURIComponent(u.username) || "root", password: decodeURIComponent(u.password) });
  let ds: DataSource | undefined;
  try {
    const [rows] = await lock.query("SELECT GET_LOCK(?, 120) AS got", [lockName]);
    if (Number((rows as { got: number }[])[0]?.got) !== 1) throw new Error("could not take the migration lock within 120 s");
    ds = createDataSource(url, options);
    await ds.initialize();
    await ds.runMigrations({ transaction: "each" });
  } catch (e) {
    await ds?.destroy().catch(() => {});
    throw e;
  } finally {
    await lock.query("SELECT RELEASE_LOCK(?)", [lockName]).catch(() => {});
    await lock.end().catch(() => {});
  }
  return ds;
}
