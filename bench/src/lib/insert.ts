import { connect } from "../../../scripts/dist/lib/bulk";

export interface InsertRows {
  table: string;
  columns: readonly string[];
  rows: unknown[][];
}

/** The baseline of the insert benchmarks: plain multi-row INSERTs of ready rows, `batch` rows a statement, in one transaction. */
export async function insertMany(databaseUrl: string, tables: readonly InsertRows[], batch: number): Promise<number> {
  const conn = await connect(databaseUrl);
  let n = 0;
  try {
    await conn.query("START TRANSACTION");
    for (const t of tables) {
      const sql = `INSERT INTO \`${t.table}\` (${t.columns.map((c) => `\`${c}\``).join(", ")}) VALUES ?`;
      for (let i = 0; i < t.rows.length; i += batch) {
        await conn.query(sql, [t.rows.slice(i, i + batch)]);
        n += Math.min(batch, t.rows.length - i);
      }
    }
    await conn.query("COMMIT");
  } finally {
    await conn.end();
  }
  return n;
}
