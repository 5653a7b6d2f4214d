import type { DataSource, EntityManager } from "typeorm";

/** Errors after which InnoDB has rolled the transaction back and asks for it again (ER_CHECKREAD: "record has changed"). */
const DEADLOCK = new Set(["ER_LOCK_DEADLOCK", "ER_LOCK_WAIT_TIMEOUT", "ER_CHECKREAD"]);
const codeOf = (e: unknown) => (e as { code?: string; driverError?: { code?: string } }).driverError?.code ?? (e as { code?: string }).code;

/**
 * A transaction that is tried again when InnoDB picks it as a deadlock victim (it has then been rolled back
 * whole, so running it again is safe). Busy venues get concurrent writes from many phones at once.
 */
export async function inTransaction<T>(ds: DataSource, work: (m: EntityManager) => Promise<T>, attempts = 6): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await ds.transaction(work);
    } catch (e) {
      if (attempt >= attempts || !DEADLOCK.has(codeOf(e) ?? "")) throw e;
      // Backing off further each time, with jitter, so that writers colliding on one unit's venues fall apart.
      await new Promise((r) => setTimeout(r, Math.random() * 10 * 2 ** attempt));
    }
  }
}
