import "reflect-metadata";
import { spawn } from "node:child_process";
import { join } from "node:path";
import { ConfigError, loadConfig, type Config } from "@assess/config";
import { dropDatabase, openDatabase, withDatabaseSecret } from "@assess/data";
import type { Role } from "@assess/domain";
import { loadRubrics } from "@assess/rubrics";
import type { DataSource } from "typeorm";
import { hashPassword } from "../../apps/api/dist/auth/passwords";
import { createServices } from "../../apps/api/dist/services";
import { databaseName, parseArgs } from "./lib/args";
import { readablePassword } from "./lib/random";
import { CITY } from "./demo/anshan";
import { LOADING_CODE, loadDemo, principalOf, type RoleLogin } from "./demo/load";

const USAGE = `usage: npm run demo [-- --new-passwords] [-- --reset] [-- --no-start]
  Loads the demo city 鞍山市 into DATABASE_URL (once), then starts the API and the worker in demo mode.
  --new-passwords  give the demo users new passwords (and a new API token) and print them
  --reset          drop the database named by DATABASE_URL (only if it holds the demo or nothing) and load afresh
  --no-start       load (or check) the demo data and stop`;

const say = (line = "") => console.log(line);

type State = "loaded" | "partial" | "empty" | "foreign";

/** Whether the database holds the demo, half a demo, nothing, or someone else's data. */
async function stateOf(ds: DataSource): Promise<State> {
  const marks: { code: string }[] = await ds.query("SELECT code FROM unit WHERE code IN (?, ?)", [
    CITY.code,
    LOADING_CODE,
  ]);
  if (marks.some((m) => m.code === CITY.code)) return "loaded";
  if (marks.length) return "partial";
  const [units] = await ds.query("SELECT COUNT(*) AS n FROM unit");
  const [campaigns] = await ds.query("SELECT COUNT(*) AS n FROM campaign");
  return Number(units.n) === 0 && Number(campaigns.n) === 0 ? "empty" : "foreign";
}

/** ADMIN_USERNAME/ADMIN_PASSWORD add that city admin, as `npm start` does on an empty database. */
async function ensureConfiguredAdmin(ds: DataSource, config: Config): Promise<string | null> {
  if (!config.admin) return null;
  const [existing] = await ds.query("SELECT role FROM user WHERE username = ?", [config.admin.username]);
  if (existing) {
    if (existing.role !== "CITY_ADMIN")
      throw new Error(`ADMIN_USERNAME "${config.admin.username}" is taken by a user who is not a city admin.`);
    return null;
  }
  const hash = await hashPassword(config.admin.password, config.BCRYPT_ROUNDS);
  await ds.query(
    "INSERT INTO user (username, display_name, password_hash, role, active) VALUES (?, '系统管理员', ?, 'CITY_ADMIN', 1)",
    [config.admin.username, hash],
  );
  return config.admin.username;
}

/** New passwords for the demo's users (one per role, as at first load) and a new API token. */
async function newPasswords(ds: DataSource, config: Config): Promise<{ logins: RoleLogin[]; apiToken: string }> {
  const [city] = await ds.query("SELECT id, path FROM unit WHERE code = ?", [CITY.code]);
  const logins: RoleLogin[] = [];
  for (const role of ["CITY_ADMIN", "UNIT_MANAGER", "ASSESSOR", "VENUE_STAFF"] as Role[]) {
    const password = readablePassword();
    const hash = await hashPassword(password, config.BCRYPT_ROUNDS);
    const where = "u.role = ? AND (un.path LIKE ? OR u.username = 'anshan.admin')";
    await ds.query(`UPDATE user u LEFT JOIN unit un ON un.id = u.unit_id SET u.password_hash = ? WHERE ${where}`, [
      hash,
      role,
      `${city.path}%`,
    ]);
    const users: { username: string }[] = await ds.query(
      `SELECT u.username FROM user u LEFT JOIN unit un ON un.id = u.unit_id WHERE ${where} ORDER BY u.id`,
      [role, `${city.path}%`],
    );
    logins.push({ role, usernames: users.map((u) => u.username), password });
  }
  const [admin] = await ds.query("SELECT id FROM user WHERE username = 'anshan.admin'");
  const services = createServices({ ds, config, rubrics: loadRubrics(), clock: () => new Date() });
  try {
    return {
      logins,
      apiToken: await services.auth.createApiToken(await principalOf(ds, admin.id), "鞍山市一体化政务服务平台（演示）"),
    };
  } finally {
    await services.producer.close().catch(() => {});
  }
}

function printLogins(logins: RoleLogin[], apiToken: string, when: string) {
  say(`Demo users — ${when}; they are not stored anywhere, note them now:`);
  say("  role          password       users");
  for (const l of logins) {
    const shown = l.usernames.slice(0, l.role === "VENUE_STAFF" ? 3 : 4).join(", ");
    const more =
      l.usernames.length > 4 || (l.role === "VENUE_STAFF" && l.usernames.length > 3)
        ? `, … (${l.usernames.length.toLocaleString("en-US")} in all)`
        : "";
    say(`  ${l.role.padEnd(13)} ${l.password.padEnd(14)} ${shown}${more}`);
  }
  say(`  INTEGRATOR    API token      ${apiToken}`);
  say(
    "  (every user of a role shares that role's password; usernames follow the units: <district>.manager, <district>.t01.v01.staff, …)",
  );
}

/** Runs scripts/start.js (API + worker) in demo mode and prints the URL once the API answers. */
function start(config: Config): void {
  const env = {
    ...process.env,
    DEMO: "1",
    DATABASE_URL: config.DATABASE_URL,
    PORT: String(config.PORT),
    QUEUE_PREFIX: config.QUEUE_PREFIX,
  };
  const child = spawn(process.execPath, [join(__dirname, "..", "start.js")], { stdio: "inherit", env });
  for (const sig of ["SIGINT", "SIGTERM"] as const) process.on(sig, () => child.kill(sig));
  child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
  const url = `http://127.0.0.1:${config.PORT}`;
  const until = Date.now() + 60_000;
  const poll = async () => {
    try {
      await fetch(`${url}/healthz`);
      say();
      say(
        `鞍山市 demo — open the console: ${url}/  (控制台；用上面打印的用户名和密码登录，如 anshan.admin、tiedong.manager、tiedong.assessor)`,
      );
      say(`  GraphQL:  ${url}/graphql  (health: ${url}/healthz)`);
      say(
        `  sign in:  curl -s ${url}/graphql -H 'content-type: application/json' -d '{"query":"mutation { login(username: \\"anshan.admin\\", password: \\"<password>\\") { token } }"}'`,
      );
      say(
        `  then:     { tasks(first: 5, filter: { overdue: true }) { totalCount nodes { kind venue { name } dueAt escalationLevel } } }`,
      );
      say("  Ctrl-C stops the API and the worker.");
    } catch {
      if (Date.now() < until && child.exitCode === null) setTimeout(() => void poll(), 250);
    }
  };
  setTimeout(() => void poll(), 500);
}

async function main() {
  const args = parseArgs(process.argv.slice(2), {
    "new-passwords": "boolean",
    reset: "boolean",
    "no-start": "boolean",
    help: "boolean",
  });
  if (args.help) return say(USAGE);
  const env: NodeJS.ProcessEnv = { ...process.env, DEMO: "1" };
  // Queues are per database, so that a demo beside another instance on the same Redis never takes its jobs.
  if (!env.QUEUE_PREFIX)
    env.QUEUE_PREFIX = `assess-${databaseName(env.DATABASE_URL || "mysql://root@127.0.0.1:3306/assessment")}`
      .replace(/[^A-Za-z0-9_.-]/g, "_")
      .slice(0, 64);
  let config = loadConfig(env);
  const db = databaseName(config.DATABASE_URL);
  let ds = await openDatabase(config.DATABASE_URL, { poolSize: 4 });
  let state = await stateOf(ds);
  if (args.reset) {
    if (state === "foreign") throw new Error(`--reset refuses to drop "${db}": it holds data that is not the demo's.`);
    await ds.destroy();
    await dropDatabase(config.DATABASE_URL);
    ds = await openDatabase(config.DATABASE_URL, { poolSize: 4 });
    state = "empty";
  }
  // The demo's own signing secret, made at its first load and kept in its database (the API started below reads it).
  config = await withDatabaseSecret(ds, config);
  try {
    if (state === "foreign") {
      throw new Error(
        `database "${db}" already holds units or a campaign that are not the demo's; point DATABASE_URL at another database, e.g. DATABASE_URL=mysql://root@127.0.0.1:3306/assessment_demo npm run demo`,
      );
    }
    if (state === "partial")
      throw new Error(
        `database "${db}" holds an unfinished demo load (interrupted?); run \`npm run demo -- --reset\` to load it afresh.`,
      );
    const added = await ensureConfiguredAdmin(ds, config);
    if (added) say(`city admin "${added}" added from ADMIN_USERNAME`);
    if (state === "empty") {
      say(`Loading the demo city 鞍山市 into "${db}" …`);
      const result = await loadDemo({
        ds,
        config,
        databaseUrl: config.DATABASE_URL,
        now: new Date(),
        log: (l) => say(`  ${l}`),
      });
      const n = (x: number) => x.toLocaleString("en-US");
      const c = result.counts;
      say(
        `Loaded in ${(result.ms / 1000).toFixed(1)} s: 鞍山市 with ${c.districts} districts and counties, ${c.departments} departments, ${c.townships} townships and streets,`,
      );
      say(
        `${n(c.villages)} villages and communities, ${n(c.venues)} venues, ${n(c.users)} users, ${n(c.tasks)} tasks and ${n(c.problems)} problems: the 2024 campaign`,
      );
      say("half-way through (its deadlines are shifted around today: self-checks were due 30 days ago, centres'");
      say("unified assessments are due in 10 days, convenience venues' in 60, re-checks and annual reports in 100).");
      say();
      printLogins(result.logins, result.apiToken, "shown once, at this first load");
    } else if (args["new-passwords"]) {
      const { logins, apiToken } = await newPasswords(ds, config);
      printLogins(logins, apiToken, "new passwords, set just now");
    } else {
      say(`The demo city is already loaded in "${db}"; its passwords were printed when it was loaded.`);
      say(
        "Lost them? `npm run demo -- --new-passwords` sets and prints new ones; `npm run demo -- --reset` starts over.",
      );
    }
  } finally {
    await ds.destroy();
  }
  if (!args["no-start"]) start(config);
}

main().catch((e) => {
  console.error(`demo: ${e instanceof ConfigError || e instanceof Error ? e.message : e}`);
  process.exit(1);
});
