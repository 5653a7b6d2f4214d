import { rm } from "node:fs/promises";
import { join, resolve } from "node:path";
import type { DataSource } from "typeorm";

/** How long an upload may wait to be attached. */
export const ORPHAN_AFTER_MS = 24 * 3_600_000;

/**
 * Removes evidence uploaded before `now` − a day that nothing refers to (no evidence_link): each row is deleted only if
 * it is still unattached at that moment (one statement), then its file. Answers how many were removed.
 */
export async function removeOrphanEvidence(ds: DataSource, dataDir: string, now: Date): Promise<number> {
  const root = resolve(dataDir, "evidence");
  const candidates: { id: number; storage_key: string }[] = await ds.query(
    `SELECT e.id, e.storage_key FROM evidence e
     WHERE e.created_at < ? AND NOT EXISTS (SELECT 1 FROM evidence_link l WHERE l.evidence_id = e.id) ORDER BY e.id LIMIT 5000`,
    [new Date(now.getTime() - ORPHAN_AFTER_MS)],
  );
  let removed = 0;
  for (const c of candidates) {
    const r = await ds.query(
      "DELETE FROM evidence WHERE id = ? AND NOT EXISTS (SELECT 1 FROM evidence_link l WHERE l.evidence_id = ?)",
      [c.id, c.id],
    );
    if (r.affectedRows !== 1) continue;
    removed++;
    // Storage keys are unique per upload: no other row shares the file.
    await rm(join(root, c.storage_key), { force: true });
  }
  return removed;
}
