import { dropDatabase, openDatabase } from "@assess/data";
import { COLUMNS, RecordingSink, type Table } from "../../scripts/dist/lib/bulk";
import { seedScale, type SeedScaleResult } from "../../scripts/dist/seed/scale";
import type { RateRow } from "./assign";
import { insertMany } from "./lib/insert";
import { timed } from "./lib/context";
import { median } from "./lib/report";

const fresh = async (url: string) => {
  await dropDatabase(url);
  await (await openDatabase(url, { poolSize: 1 })).destroy();
};

/**
 * seed:scale into an empty database against a multi-row INSERT of exactly the rows it generates (recorded first,
 * 5,000 rows a statement, one transaction), alternately on a fresh database each time. The database is left
 * holding the last seed:scale run, which the other benchmarks use.
 */
export async function seedRateBench(o: {
  databaseUrl: string;
  venues: number;
  rounds: number;
  password: string;
  log: (l: string) => void;
}): Promise<{ row: RateRow; seeded: SeedScaleResult }> {
  await fresh(o.databaseUrl);
  const recording = new RecordingSink();
  await seedScale({ databaseUrl: o.databaseUrl, venues: o.venues, sink: recording, password: o.password });
  const tables = [...recording.rows].map(([table, rows]) => ({ table, columns: COLUMNS[table as Table], rows }));
  const total = tables.reduce((n, t) => n + t.rows.length, 0);
  const seed: number[] = [];
  const baseline: number[] = [];
  let seeded: SeedScaleResult | null = null;
  for (let r = 0; r < o.rounds; r++) {
    await fresh(o.databaseUrl);
    baseline.push((await timed(() => insertMany(o.databaseUrl, tables, 5000))).ms);
    await fresh(o.databaseUrl);
    const t = await timed(() => seedScale({ databaseUrl: o.databaseUrl, venues: o.venues, password: o.password }));
    seed.push(t.ms);
    seeded = t.value;
    if (seeded.rows !== total) throw new Error(`seed:scale wrote ${seeded.rows} rows, the recording had ${total}`);
  }
  o.log(
    `seed:scale ${o.venues} venues (${total} rows): ${seed.map((x) => x.toFixed(0)).join("/")} ms; multi-row INSERT ${baseline.map((x) => x.toFixed(0)).join("/")} ms`,
  );
  return {
    row: {
      what: `seed:scale --venues ${o.venues.toLocaleString("en-US")}`,
      rows: total,
      ms: median(seed),
      baselineMs: median(baseline),
    },
    seeded: seeded!,
  };
}
