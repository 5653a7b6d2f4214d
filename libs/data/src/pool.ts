import type { DatabaseHost } from "@assess/config";
import { createPool, type PoolConnection, type PoolOptions } from "mysql2";
import { errorCode } from "./retryable";

type Callback = (err: NodeJS.ErrnoException | null, connection?: PoolConnection) => void;
type QueryFn = (sql: unknown, values: unknown, done: (err: unknown, ...rest: unknown[]) => void) => unknown;

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
  const query = conn.query.bind(conn) as QueryFn;
  (conn as unknown as { query: QueryFn }).query = (sql, values, done) =>
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

interface Node {
  pool: DriverPool;
  /** Left out until then (ms since the epoch); 0 while it serves. */
  downUntil: number;
}

/**
 * Answers of a Galera node that is joining or has lost the quorum: 1047 "WSREP has not yet prepared node for
 * application use" to a statement, 1180 "Got error … during COMMIT" to a COMMIT.
 */
const NODE_NOT_READY = new Set([1047, 1180]);

const errno = (e: unknown): number | undefined =>
  (e as { driverError?: { errno?: number } } | undefined)?.driverError?.errno ??
  (e as { errno?: number } | undefined)?.errno;

/**
 * A pool over the nodes of a host list (a Galera cluster): one mysql2 pool per node, and every connection from the
 * first node of the list that is up. One writer, so that our own transactions do not conflict at certification and
 * a request reads what the previous one wrote. A node is left out for NODE_RETRY_MS when a new connection to it fails
 * (refused, or no answer within the connect timeout) or when it answers as a node out of the quorum
 * (NODE_NOT_READY): its connection is closed and the next node is tried at once, so the request does not see it.
 * Connections already open to a node that dies fail with it; the transaction helper redoes what had not committed.
 * When every node is left out, they are all tried again in order. (mysql2's PoolCluster does the first part, but
 * leaves out only nodes that refuse connections, not nodes that accept them and refuse statements.)
 */
function failoverPool(hosts: DatabaseHost[], options: PoolOptions): DriverPool {
  const nodes: Node[] = hosts.map((h) => ({
    pool: createPool({ ...options, host: h.host, port: h.port }),
    downUntil: 0,
  }));
  const nodeOf = new WeakMap<PoolConnection, Node>();
  const leaveOut = (node: Node) => (node.downUntil = Date.now() + NODE_RETRY_MS);

  const checked = (node: Node, conn: PoolConnection, cb: Callback) => {
    if (nodeOf.has(conn)) return cb(null, conn);
    const query = conn.query.bind(conn) as QueryFn;
    (conn as unknown as { query: QueryFn }).query = (sql, values, done) =>
      query(sql, values, (err, ...rest) => {
        if (NODE_NOT_READY.has(errno(err) ?? 0)) {
          leaveOut(node);
          conn.destroy();
        }
        done(err, ...rest);
      });
    // A node out of the quorum accepts connections and refuses statements: ask it one before handing it out.
    query("SELECT 1", [], (err) => {
      if (err) return cb(err as NodeJS.ErrnoException, conn);
      nodeOf.set(conn, node);
      cb(null, conn);
    });
  };

  const tryFrom = (candidates: Node[], cb: Callback, last?: NodeJS.ErrnoException) => {
    const [node, ...rest] = candidates;
    if (!node) return cb(last ?? Object.assign(new Error("no database node is up"), { code: "POOL_NONEONLINE" }));
    node.pool.getConnection((err, conn) => {
      if (err || !conn) {
        leaveOut(node);
        return tryFrom(rest, cb, err ?? undefined);
      }
      checked(node, conn, (failed) => {
        if (!failed) return cb(null, conn);
        // A statement refused with 1047 has left the node out already; any other failure does so here.
        leaveOut(node);
        conn.destroy();
        tryFrom(rest, cb, failed);
      });
    });
  };

  return {
    getConnection(cb) {
      const now = Date.now();
      const up = nodes.filter((n) => n.downUntil <= now);
      tryFrom(up.length ? up : nodes, cb);
    },
    end(cb) {
      Promise.all(nodes.map((n) => new Promise<void>((ok, fail) => n.pool.end((e) => (e ? fail(e) : ok()))))).then(
        () => cb?.(null),
        (e: NodeJS.ErrnoException) => cb?.(e),
      );
    },
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
      getConnection: (cb) =>
        pool.getConnection((err, conn) => (err || !conn ? cb(err) : keepToTimeout(conn, queryTimeoutMs, cb))),
      end: (cb) => pool.end(cb),
    };
  },
});
