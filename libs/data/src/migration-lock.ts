import { randomBytes } from "node:crypto";
import type { Connection } from "mysql2/promise";
import { isRetryableTransactionError } from "./retryable";

/** How long a claim lasts unless its holder renews it: the most a crashed migrator keeps the others waiting. */
const LEASE_S = 60;
const RENEW_MS = 15_000;
const POLL_MS = 250;
/** How long a process waits for another's migrations before it gives up and says so. */
const WAIT_MS = 15 * 60_000;

const CREATE = `CREATE TABLE IF NOT EXISTS migration_lock (
  id TINYINT UNSIGNED NOT NULL PRIMARY KEY, holder VARCHAR(64) NOT NULL, expires_at DATETIME(3) NOT NULL
) ENGINE=InnoDB`;

/**
 * Takes the lock, or renews it for its holder, in one statement: a missing or expired row becomes ours. (The second
 * assignment sees the holder the first one wrote.) Two nodes of a Galera cluster claiming at once conflict at
 * certification, and the loser's statement fails as a deadlock: it tries again and finds the row taken.
 */
const CLAIM = `INSERT INTO migration_lock (id, holder, expires_at) VALUES (1, ?, NOW(3) + INTERVAL ${LEASE_S} SECOND)
  ON DUPLICATE KEY UPDATE holder = IF(expires_at < NOW(3), VALUES(holder), holder),
                          expires_at = IF(holder = VALUES(holder), VALUES(expires_at), expires_at)`;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Claims (or renews); true when we hold the lock afterwards. */
async function claim(conn: Connection, holder: string): Promise<boolean> {
  try {
    await conn.query(CLAIM, [holder]);
  } catch (e) {
    if (isRetryableTransactionError(e)) return false;
    throw e;
  }
  const [rows] = await conn.query("SELECT holder FROM migration_lock WHERE id = 1");
  return (rows as { holder: string }[])[0]?.holder === holder;
}

/**
 * Runs `work` while holding the database's migration lock, so that of several processes starting together (the API
 * and workers of `npm start`, several API hosts) one migrates and the others wait, then find nothing left to do.
 * A row with an expiry rather than GET_LOCK: Galera does not replicate GET_LOCK, so two nodes would both grant it.
 * The holder renews the row while it works; if it crashes, the row expires after LEASE_S and another process takes
 * over. `conn` is a connection of its own to the database, not one of the pool the work uses.
 */
export async function withMigrationLock<T>(conn: Connection, work: () => Promise<T>): Promise<T> {
  await conn.query(CREATE);
  const holder = randomBytes(16).toString("hex");
  const deadline = Date.now() + WAIT_MS;
  while (!(await claim(conn, holder))) {
    if (Date.now() > deadline)
      throw new Error(
        `could not take the migration lock within ${WAIT_MS / 60_000} minutes: another process has been migrating this database all along`,
      );
    await sleep(POLL_MS + Math.random() * POLL_MS);
  }
  // A renewal that fails leaves the lease to expire: the work goes on, and a waiter takes over only after LEASE_S.
  let renewing = Promise.resolve();
  const renew = setInterval(() => {
    renewing = claim(conn, holder).then(
      () => {},
      () => {},
    );
  }, RENEW_MS);
  try {
    return await work();
  } finally {
    clearInterval(renew);
    await renewing;
    await conn.query("DELETE FROM migration_lock WHERE id = 1 AND holder = ?", [holder]).catch(() => {});
  }
}
