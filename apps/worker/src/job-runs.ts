import type { DataSource, EntityManager } from "typeorm";

/** The job_run row is what the API reports (`jobRun`); the worker moves it along. Every write is guarded by state, so repeats are harmless. */
export class JobRuns {
  constructor(private readonly db: DataSource | EntityManager) {}

  /** A job of the run started (again); a finished run stays finished. */
  async started(id: number, attempt: number): Promise<void> {
    await this.db.query(
      "UPDATE job_run SET state = 'ACTIVE', attempts = GREATEST(attempts, ?) WHERE id = ? AND state IN ('QUEUED','ACTIVE')",
      [attempt, id],
    );
  }

  async completed(id: number, result: unknown, at: Date): Promise<void> {
    await this.db.query(
      "UPDATE job_run SET state = 'COMPLETED', result = ?, failed_reason = NULL, finished_at = COALESCE(finished_at, ?) WHERE id = ? AND state <> 'COMPLETED'",
      [JSON.stringify(result ?? null), at, id],
    );
  }

  /** An attempt failed; `final` when no retry follows: the run is FAILED with the reason. */
  async failed(id: number, reason: string, final: boolean, at: Date): Promise<void> {
    if (final) {
      await this.db.query(
        "UPDATE job_run SET state = 'FAILED', failed_reason = ?, finished_at = ? WHERE id = ? AND state IN ('QUEUED','ACTIVE')",
        [reason, at, id],
      );
    } else {
      await this.db.query("UPDATE job_run SET failed_reason = ? WHERE id = ? AND state IN ('QUEUED','ACTIVE')", [
        `${reason} (retrying)`,
        id,
      ]);
    }
  }

  async state(id: number): Promise<string | null> {
    const rows: { state: string }[] = await this.db.query("SELECT state FROM job_run WHERE id = ?", [id]);
    return rows[0]?.state ?? null;
  }
}
