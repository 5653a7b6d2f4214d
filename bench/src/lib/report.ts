import { cpus, loadavg, totalmem, type } from "node:os";

/** One benchmark's result: a markdown table, its goal and what to read into it. */
export interface Report {
  title: string;
  /** The goal in words, e.g. "requests/s ≥ 0.6× baseline". */
  goal: string;
  columns: string[];
  rows: (string | number)[][];
  notes: string[];
}

export const median = (xs: readonly number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

/** The p-th percentile (0–100) of unsorted samples, nearest rank. */
export function percentile(xs: readonly number[], p: number): number {
  if (!xs.length) return NaN;
  const s = Float64Array.from(xs).sort();
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
}

/** Numbers for people: 3 significant digits, thousands separated. */
export function fmt(x: number, digits = 3): string {
  if (!Number.isFinite(x)) return String(x);
  if (Math.abs(x) >= 1000) return Math.round(x).toLocaleString("en-US");
  return Number(x.toPrecision(digits)).toString();
}

export const ratio = (x: number) => `${x.toFixed(2)}×`;
export const verdict = (ok: boolean) => (ok ? "PASS" : "**MISS**");

export function markdown(r: Report): string {
  const lines = [
    `### ${r.title}`,
    "",
    `Goal: ${r.goal}`,
    "",
    `| ${r.columns.join(" | ")} |`,
    `| ${r.columns.map(() => "---").join(" | ")} |`,
  ];
  for (const row of r.rows) lines.push(`| ${row.map((c) => (typeof c === "number" ? fmt(c) : c)).join(" | ")} |`);
  if (r.notes.length) lines.push("", ...r.notes.map((n) => `- ${n}`));
  return lines.join("\n");
}

export interface Machine {
  cpu: string;
  cores: number;
  memoryGiB: number;
  os: string;
  node: string;
  mariadb: string;
  bufferPoolMiB: number;
  /** The 1-minute load average when the run started: other work on the machine skews the numbers. */
  load: number;
}

export async function machine(query: (sql: string) => Promise<Record<string, unknown>[]>): Promise<Machine> {
  const [v] = await query("SELECT VERSION() AS v, @@innodb_buffer_pool_size AS pool");
  return {
    cpu: cpus()[0]?.model.trim() ?? "unknown",
    cores: cpus().length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    os: type(),
    node: process.version,
    mariadb: String(v!.v),
    bufferPoolMiB: Math.round(Number(v!.pool) / 2 ** 20),
    load: loadavg()[0]!,
  };
}

export const machineLine = (m: Machine) =>
  `${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB, ${m.os}, Node ${m.node}, MariaDB ${m.mariadb} (InnoDB buffer pool ${m.bufferPoolMiB} MiB); load average ${m.load.toFixed(1)} when it started`;
