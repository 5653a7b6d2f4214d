import { isConnectionLost, isRetryableTransactionError } from "@assess/data";
import type { DataSource, EntityManager } from "typeorm";

/** Thrown when the connection died while COMMIT was under way: the transaction may or may not have happened. */
export class CommitOutcomeUnknown extends Error {
  readonly code = "COMMIT_OUTCOME_UNKNOWN";
  constructor(cause: unknown) {
    super(`the database connection was lost during COMMIT: ${(cause as Error).message}`, { cause });
  }
}

/** One attempt; an error after COMMIT was sent is wrapped, so that it is never taken for one that is safe to redo. */
async function attempt<T>(ds: DataSource, work: (m: EntityManager) => Promise<T>): Promise<T> {
  const runner = ds.createQueryRunner();
  let committing = false;
  try {
    await runner.startTransaction();
    const result = await work(runner.manager);
    committing = true;
    await runner.commitTransaction();
    return result;
  } catch (e) {
    const lost = isConnectionLost(e);
    // Also after a failed COMMIT (Galera refuses a conflicting transaction only then): the connection goes back clean.
    if (runner.isTransactionActive && !lost) await runner.rollbackTransaction().catch(() => {});
    throw committing && lost ? new CommitOutcomeUnknown(e) : e;
  } finally {
    await runner.release();
  }
}

/**
 * A transaction that is tried again when the server rolled it back and asks for it again: an InnoDB deadlock victim,
 * a Galera certification conflict (see isRetryableTransactionError), or a connection lost before COMMIT (its server
 * died; the pool then connects to another node of a Galera host list). Busy venues get concurrent writes from many
 * phones at once.
 */
export async function inTransaction<T>(
  ds: DataSource,
  work: (m: EntityManager) => Promise<T>,
  attempts = 6,
): Promise<T> {
  let reconnected = false;
  for (let i = 1; ; i++) {
    try {
      return await attempt(ds, work);
    } catch (e) {
      // A lost connection is redone once: a second loss means the database is down, not one node.
      const again = isRetryableTransactionError(e) || (!reconnected && isConnectionLost(e));
      if (i >= attempts || !again) throw e;
      reconnected ||= isConnectionLost(e);
      // Backing off further each time, with jitter, so that writers colliding on one unit's venues fall apart.
      await new Promise((r) => setTimeout(r, Math.random() * 10 * 2 ** i));
    }
  }
}
