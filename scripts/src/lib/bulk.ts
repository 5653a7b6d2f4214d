import { parseDatabaseUrl } from "@assess/config";
import { createConnection, type Connection } from "mysql2/promise";

/** The columns each bulk-loaded table is written with, in the order rows give them. */
export const COLUMNS = {
  unit: ["id", "code", "name", "kind", "parent_id", "path", "active", "created_at", "updated_at"],
  venue: ["id", "code", "name", "type", "unit_id", "active", "community", "created_at", "updated_at"],
  user: ["id", "username", "display_name", "password_hash", "role", "unit_id", "venue_id", "active", "created_at"],
  task: [
    "id",
    "campaign_id",
    "kind",
    "status",
    "venue_id",
    "unit_id",
    "assignee_id",
    "assigned_by_id",
    "due_at",
    "escalation_level",
    "escalated_at",
    "rubric_code",
    "score_total",
    "examined",
    "report",
    "cancel_reason",
    "version",
    "completed_at",
    "created_at",
    "updated_at",
  ],
  task_event: ["task_id", "at", "actor_id", "action", "detail"],
  finding: ["task_id", "position", "indicator_code", "rule_code", "occurrences", "note", "deduction"],
  problem: [
    "id",
    "campaign_id",
    "venue_id",
    "source_task_id",
    "source_kind",
    "indicator_code",
    "rule_code",
    "occurrences",
    "description",
    "status",
    "recurrence",
    "failed_rechecks",
    "rectification_task_id",
    "resolved_at",
    "version",
    "created_at",
    "updated_at",
    "open_since",
  ],
  task_problem: ["task_id", "problem_id", "resolved", "note"],
  escalation: ["task_id", "level", "at"],
  notification: ["user_id", "task_id", "kind", "message", "read_at", "created_at"],
} as const;

export type Table = keyof typeof COLUMNS;
export type Row = unknown[];

/** Where generated rows go: the database, or memory (to replay them as a baseline). */
export interface RowSink {
  push(table: Table, row: Row): void;
  /** Waits while too many batches are on their way, so that generation does not outrun the database. */
  settle(): Promise<void>;
  /** Writes what is left and commits. */
  close(): Promise<void>;
  readonly counts: Record<Table, number>;
}

const zeroCounts = () => Object.fromEntries(Object.keys(COLUMNS).map((t) => [t, 0])) as Record<Table, number>;

export const insertSql = (table: Table) =>
  `INSERT INTO \`${table}\` (${COLUMNS[table].map((c) => `\`${c}\``).join(", ")}) VALUES ?`;

/** A mysql2 connection configured like the app's data source: UTC dates, utf8mb4 (to the first host of a Galera list). */
export async function connect(databaseUrl: string): Promise<Connection> {
  const target = parseDatabaseUrl(databaseUrl);
  return createConnection({
    host: target.hosts[0]!.host,
    port: target.hosts[0]!.port,
    user: target.user,
    password: target.password,
    database: target.database,
    charset: "utf8mb4_unicode_ci",
    timezone: "Z",
    supportBigNumbers: true,
  });
}

/**
 * Multi-row INSERTs of `batchRows` rows, inside transactions of about `commitRows` rows. Batches are sent while
 * the next ones are generated (one connection, so they run in order); `settle()` keeps at most a few in flight.
 */
export class MysqlSink implements RowSink {
  readonly counts = zeroCounts();
  statements = 0;
  private readonly buffers = new Map<Table, Row[]>();
  private chain: Promise<unknown> = Promise.resolve();
  /** Statements sent and not yet answered, oldest first. */
  private readonly inflight: Promise<unknown>[] = [];
  private sinceCommit = 0;
  private failure: unknown = null;
  private began = false;

  constructor(
    private readonly conn: Connection,
    private readonly batchRows = 2000,
    private readonly commitRows = 50_000,
  ) {}

  push(table: Table, row: Row): void {
    let buffer = this.buffers.get(table);
    if (!buffer) this.buffers.set(table, (buffer = []));
    buffer.push(row);
    this.counts[table]++;
    if (buffer.length >= this.batchRows) this.send(table);
  }

  async settle(): Promise<void> {
    while (this.inflight.length > 3) await this.inflight[0];
    if (this.failure) throw this.failure;
  }

  async close(): Promise<void> {
    for (const table of this.buffers.keys()) this.send(table);
    if (this.began) this.enqueue("COMMIT");
    await this.chain.catch(() => {});
    if (this.failure) throw this.failure;
  }

  private send(table: Table): void {
    const rows = this.buffers.get(table);
    if (!rows?.length) return;
    this.buffers.set(table, []);
    if (!this.began) {
      this.enqueue("START TRANSACTION");
      this.began = true;
    }
    this.enqueue(insertSql(table), [rows]);
    this.sinceCommit += rows.length;
    if (this.sinceCommit >= this.commitRows) {
      this.enqueue("COMMIT");
      this.enqueue("START TRANSACTION");
      this.sinceCommit = 0;
    }
  }

  private enqueue(sql: string, params?: unknown[]): void {
    this.chain = this.chain.then(async () => {
      try {
        if (!this.failure) {
          await this.conn.query(sql, params);
          this.statements++;
        }
      } catch (e) {
        this.failure = e;
      } finally {
        void this.inflight.shift();
      }
    });
    this.inflight.push(this.chain);
  }
}

/** Keeps the rows in memory, by table, so that a baseline can insert exactly the same data. */
export class RecordingSink implements RowSink {
  readonly counts = zeroCounts();
  readonly rows = new Map<Table, Row[]>();

  push(table: Table, row: Row): void {
    let rows = this.rows.get(table);
    if (!rows) this.rows.set(table, (rows = []));
    rows.push(row);
    this.counts[table]++;
  }

  async settle(): Promise<void> {}
  async close(): Promise<void> {}
}

/** Hands out explicit ids from MAX(id) + 1, so that related rows can be generated before any is written. */
export class Ids {
  private constructor(private readonly next: Record<"unit" | "venue" | "user" | "task" | "problem", number>) {}

  static async load(conn: Connection): Promise<Ids> {
    const tables = ["unit", "venue", "user", "task", "problem"] as const;
    const next = {} as Record<(typeof tables)[number], number>;
    for (const t of tables) {
      const [rows] = await conn.query(`SELECT COALESCE(MAX(id), 0) + 1 AS n FROM \`${t}\``);
      next[t] = Number((rows as { n: number }[])[0]!.n);
    }
    return new Ids(next);
  }

  take(table: "unit" | "venue" | "user" | "task" | "problem"): number {
    return this.next[table]++;
  }

  peek(table: "unit" | "venue" | "user" | "task" | "problem"): number {
    return this.next[table];
  }
}
