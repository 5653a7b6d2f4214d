import type { DataSource } from "typeorm";
import type { Principal } from "../../../apps/api/dist/common/principal";

/** What every benchmark gets: the bench database (seeded), its admin, and the sizes of this run. */
export interface BenchContext {
  quick: boolean;
  databaseUrl: string;
  ds: DataSource;
  campaignId: number;
  admin: Principal & { username: string; password: string };
  /** The secret the API and the baseline sign and check session tokens with. */
  jwtSecret: string;
  /** Statement rounds per measurement (medians are taken over them). */
  rounds: number;
  log: (line: string) => void;
}

/** Times an async function, in milliseconds. */
export async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t0 = performance.now();
  const value = await fn();
  return { ms: performance.now() - t0, value };
}
