import { randomBytes } from "node:crypto";
import { createServer, type AddressInfo, type Server, type Socket } from "node:net";
import { createDataSource, dropDatabase, errorCode, openDatabase } from "@assess/data";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MARIADB } from "../support/harness";

const name = `sa_test_conn_${randomBytes(4).toString("hex")}`;
/** MARIADB with other hosts put before its own: `mysql://root@first,127.0.0.1:3306`. */
const withFirst = (first: string) => `${MARIADB.replace("@", `@${first},`)}/${name}`;

/** A server that accepts connections and never says a word, as a frozen MariaDB does. */
let silent: Server;
let silentPort = 0;
const sockets: Socket[] = [];
/** A port nothing listens on, as a MariaDB that was killed. */
let deadPort = 0;

beforeAll(async () => {
  silent = createServer((s) => sockets.push(s));
  await new Promise<void>((r) => silent.listen(0, "127.0.0.1", r));
  silentPort = (silent.address() as AddressInfo).port;
  const probe = createServer();
  await new Promise<void>((r) => probe.listen(0, "127.0.0.1", r));
  deadPort = (probe.address() as AddressInfo).port;
  await new Promise((r) => probe.close(r));
});

afterAll(async () => {
  sockets.forEach((s) => s.destroy());
  await new Promise((r) => silent.close(r));
  await dropDatabase(`${MARIADB}/${name}`);
});

describe("the database connection", () => {
  it("fails over to the next host of the list when the first is down or frozen", async () => {
    const ds = await openDatabase(withFirst(`127.0.0.1:${deadPort},127.0.0.1:${silentPort}`), {
      connectTimeoutMs: 300,
    });
    try {
      expect(await ds.query("SELECT 1 AS one")).toEqual([{ one: 1 }]);
      const [{ tables }] = await ds.query(
        "SELECT COUNT(*) AS tables FROM information_schema.tables WHERE table_schema = ?",
        [name],
      );
      expect(Number(tables)).toBeGreaterThan(10);
    } finally {
      await ds.destroy();
    }
  });

  it("gives up connecting to a frozen server after the connect timeout instead of hanging", async () => {
    const ds = createDataSource(`mysql://root@127.0.0.1:${silentPort}/${name}`, { connectTimeoutMs: 300 });
    const failure = await ds.initialize().then(
      () => null,
      (e: unknown) => e,
    );
    expect(errorCode(failure)).toBe("ETIMEDOUT");
  });

  it("has the server abort a statement that outlasts the query timeout, and goes on serving", async () => {
    const ds = createDataSource(`${MARIADB}/${name}`, { poolSize: 1, queryTimeoutMs: 2000 });
    await ds.initialize();
    try {
      const failure = await ds.query("SELECT SLEEP(5)").then(
        () => null,
        (e: unknown) => e,
      );
      // 1969: "Query execution was interrupted (max_statement_time exceeded)" (mysql2 has no name for it).
      expect(failure).toMatchObject({ driverError: { errno: 1969 } });
      expect(await ds.query("SELECT 1 AS one")).toEqual([{ one: 1 }]);
    } finally {
      await ds.destroy();
    }
  });

  it("gives up on a statement the server does not answer in time, and closes its connection", async () => {
    // 300 ms: shorter than the server's own limit (never under a second), as when the server is frozen.
    const ds = createDataSource(`${MARIADB}/${name}`, { poolSize: 1, queryTimeoutMs: 300 });
    await ds.initialize();
    try {
      const [{ id: before }] = await ds.query("SELECT CONNECTION_ID() AS id");
      const failure = await ds.query("SELECT SLEEP(3)").then(
        () => null,
        (e: unknown) => e,
      );
      expect(errorCode(failure)).toBe("PROTOCOL_SEQUENCE_TIMEOUT");
      // The pool's only connection was closed rather than left waiting behind the late statement: a new one serves.
      const [{ id: after }] = await ds.query("SELECT CONNECTION_ID() AS id");
      expect(after).not.toBe(before);
    } finally {
      await ds.destroy();
    }
  });
});
