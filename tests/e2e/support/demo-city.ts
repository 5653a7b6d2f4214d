import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import type { RunningWorker } from "../../../apps/worker/src/worker";
import { MARIADB, REDIS_URL, startApi, testDatabaseName, type Api } from "../../support/harness";
import { startTestWorker } from "../../support/worker";

const run = promisify(execFile);
const root = join(__dirname, "..", "..", "..");

export interface DemoCity {
  api: Api;
  worker: RunningWorker;
  /** The password of each role's demo users, as `npm run demo` printed them. */
  passwords: Record<"CITY_ADMIN" | "UNIT_MANAGER" | "ASSESSOR" | "VENUE_STAFF", string>;
  close(): Promise<void>;
}

/**
 * 鞍山市 as `npm run demo` loads it, in a database of the test's own, served by an API (with the console) and a worker
 * in this process. The demo's deadlines are shifted around today, so the API's clock is today.
 */
export async function demoCity(): Promise<DemoCity> {
  const name = testDatabaseName();
  const { stdout } = await run(process.execPath, [join(root, "scripts", "dist", "demo.js"), "--no-start"], {
    cwd: root,
    timeout: 120_000,
    env: { ...process.env, DATABASE_URL: `${MARIADB}/${name}`, REDIS_URL, QUEUE_PREFIX: name, BCRYPT_ROUNDS: "4" },
  });
  const password = (role: string) => {
    const m = new RegExp(`^\\s+${role}\\s+(\\S+)`, "m").exec(stdout);
    if (!m) throw new Error(`the demo printed no password for ${role}:\n${stdout}`);
    return m[1]!;
  };
  const passwords = {
    CITY_ADMIN: password("CITY_ADMIN"),
    UNIT_MANAGER: password("UNIT_MANAGER"),
    ASSESSOR: password("ASSESSOR"),
    VENUE_STAFF: password("VENUE_STAFF"),
  };
  const api = await startApi({}, name);
  api.clock.set(new Date());
  const worker = await startTestWorker(api);
  return {
    api,
    worker,
    passwords,
    async close() {
      await worker.close();
      await api.close();
    },
  };
}
