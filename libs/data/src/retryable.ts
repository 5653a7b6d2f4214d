/** The mysql2 code of an error, also when TypeORM wrapped it (QueryFailedError.driverError). */
export const errorCode = (e: unknown): string | undefined =>
  (e as { driverError?: { code?: string } } | undefined)?.driverError?.code ??
  (e as { code?: string } | undefined)?.code;

/**
 * Errors after which the server has rolled the whole transaction back, so that running it again is safe:
 * - ER_LOCK_DEADLOCK (1213): InnoDB chose it as a deadlock victim, or Galera's certification refused it because another
 *   node committed a conflicting write first (Galera reports that as a deadlock);
 * - ER_LOCK_WAIT_TIMEOUT (1205): a lock wait gave up, also what a Galera node answers while it applies a conflicting
 *   replicated write;
 * - ER_CHECKREAD (1020): "record has changed since last read";
 * - ER_UNKNOWN_COM_ERROR (1047): "WSREP has not yet prepared node for application use", a Galera node that is joining
 *   or has lost the cluster's quorum for a moment;
 * - ER_ERROR_DURING_COMMIT (1180): the COMMIT failed and the transaction was rolled back, as on a Galera node that lost
 *   the quorum between the transaction's statements and its COMMIT ("Not connected to Primary Component").
 */
const ROLLED_BACK = new Set([
  "ER_LOCK_DEADLOCK",
  "ER_LOCK_WAIT_TIMEOUT",
  "ER_CHECKREAD",
  "ER_UNKNOWN_COM_ERROR",
  "ER_ERROR_DURING_COMMIT",
]);

/**
 * An open connection died (its server was killed or cut off). Failures to connect are not here: the pool has already
 * tried the other servers of a host list before it reports one.
 */
const CONNECTION_LOST = new Set(["PROTOCOL_CONNECTION_LOST", "ECONNRESET", "EPIPE"]);

/** The transaction was rolled back by the server and may simply be run again. */
export const isRetryableTransactionError = (e: unknown): boolean => ROLLED_BACK.has(errorCode(e) ?? "");

/** The connection was lost; before COMMIT was sent that means the transaction did not happen (after it, nobody knows). */
export const isConnectionLost = (e: unknown): boolean => CONNECTION_LOST.has(errorCode(e) ?? "");
