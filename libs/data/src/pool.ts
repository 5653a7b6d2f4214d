import type { DatabaseHost } from "@assess/config";
import { createPool, createPoolCluster, type PoolConnection, type PoolOptions } from "mysql2";
import { errorCode } from "./retryable";

type Callback = (err: NodeJS.ErrnoException | null, connection: PoolConnection) => void;

/** What TypeORM's mysql driver uses of a pool. */
interface DriverPool {
  getConnection(cb: Callback): void;
  end(cb?: (err: NodeJS.ErrnoException | null) => void): void;
}

/** A node whose connection failed is left out for this long; then one new connection tries it again. */
export const NODE_RETRY_MS = 10_000;

/** The server aborts a statement this much before the client gives up on it, so that the client's timeout is only the frozen server's. */
const SERVER_MARGIN_MS = 1_000;

const prepared = new WeakSet<PoolConnection>();

/**
 * Makes a connection keep to the query timeout. The server aborts a longer statement itself (`max_statement_time`),
 * so that a statement the client gave up on does not run on; the client's own timeout (mysql2's, set by TypeORM)
 * answers when the server does not, and the connection is then closed: mysql2 would otherwise leave the late
 * statement queued on it, and the pool would hand out a connection whose next statement waits behind it.
 */
function keepToTimeout(conn: PoolConnection, queryTimeoutMs: number, cb: Callback): void {
  if (prepared.has(conn)) return cb(null, conn);
  const query = conn.query.bind(conn) as (sql: unknown, values: unknown, done: (err: unknown, ...rest: unknown[]) => void) => unknown;
  (conn as unknown as { query: typeof query }).query = (sql, values, done) =>
    query(sql, values, (err, ...rest) => {
      if (errorCode(err) === "PROTOCOL_SEQUENCE_TIMEOUT") conn.destroy();
      done(err, ...rest);
    });
  const seconds = Math.max(queryTimeoutMs - SERVER_MARGIN_MS, SERVER_MARGIN_MS) / 1000;
  query("SET SESSION max_statement_time = ?", [seconds], (err) => {
    if (err) {
      conn.destroy();
      return cb(err as NodeJS.ErrnoException, conn);
    }
    prepared.add(conn);
    cb(null, conn);
  });
}

/**
 * A pool over the nodes of a host list (a Galera cluster). mysql2's PoolCluster does the failover: every connection
 * goes to the first node that is up (selector ORDER: one writer, so that Galera has no certification conflicts between
 * our own connections and a request reads what the previous one wrote); a node that refuses or times out a new
 * connection is set aside at its first error for NODE_RETRY_MS and the next node is tried at once (canRetry), so a
 * request does not see it. Connections already open to a node that dies fail with it; the transaction helper redoes
 * what had not committed.
 */
function failoverPool(hosts: DatabaseHost[], options: PoolOptions): DriverPool {
  const cluster = createPoolCluster({ canRetry: true, removeNodeErrorCount: 1, restoreNodeTimeout: NODE_RETRY_MS, defaultSelector: "ORDER" });
  hosts.forEach((h, i) => cluster.add(`node${i}`, { ...options, host: h.host, port: h.port }));
  return {
    getConnection: (cb) => cluster.getConnection("*", "ORDER", cb),
    end: (cb) => cluster.end(cb),
  };
}

/**
 * A stand-in for the mysql2 module, given to TypeORM as `driver`: its pools fail over between the hosts of a list,
 * and their connections keep to the query timeout (none when 0).
 */
export const poolDriver = (hosts: DatabaseHost[], queryTimeoutMs: number) => ({
  createPool(options: PoolOptions): DriverPool {
    const pool: DriverPool = hosts.length > 1 ? failoverPool(hosts, options) : createPool(options);
    if (!queryTimeoutMs) return pool;
    return {
      getConnection: (cb) => pool.getConnection((err, conn) => (err ? cb(err, conn) : keepToTimeout(conn, queryTimeoutMs, cb))),
      end: (cb) => pool.end(cb),
    };
  },
});
