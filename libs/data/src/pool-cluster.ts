import type { DatabaseHost } from "@assess/config";
import { createPoolCluster, type PoolConnection, type PoolOptions } from "mysql2";

/** What TypeORM's mysql driver uses of a pool. */
interface DriverPool {
  getConnection(cb: (err: NodeJS.ErrnoException | null, connection: PoolConnection) => void): void;
  end(cb?: (err: NodeJS.ErrnoException | null) => void): void;
}

/** A node whose connection failed is left out for this long; then one new connection tries it again. */
export const NODE_RETRY_MS = 10_000;

/**
 * A pool over the nodes of a host list (a Galera cluster), in the shape TypeORM's mysql driver expects of
 * `mysql.createPool`. mysql2's PoolCluster does the failover: every connection goes to the first node that is up
 * (selector ORDER: one writer, so that Galera has no certification conflicts between our own connections and a
 * request reads what the previous one wrote); a node that refuses or times out a new connection is set aside at its
 * first error for NODE_RETRY_MS and the next node is tried at once (canRetry), so a request does not see it.
 * Connections already open to a node that dies fail with it; the transaction helper redoes what had not committed.
 */
function failoverPool(hosts: DatabaseHost[], options: PoolOptions): DriverPool {
  const cluster = createPoolCluster({ canRetry: true, removeNodeErrorCount: 1, restoreNodeTimeout: NODE_RETRY_MS, defaultSelector: "ORDER" });
  hosts.forEach((h, i) => cluster.add(`node${i}`, { ...options, host: h.host, port: h.port }));
  return {
    getConnection: (cb) => cluster.getConnection("*", "ORDER", cb),
    end: (cb) => cluster.end(cb),
  };
}

/** A stand-in for the mysql2 module, given to TypeORM as `driver`, whose pools fail over between the hosts. */
export const failoverDriver = (hosts: DatabaseHost[]) => ({
  createPool: (options: PoolOptions) => failoverPool(hosts, options),
});
