import "reflect-metadata";
import { parseArgs, databaseName } from "./lib/args";
import { ProgressBar } from "./lib/progress";
import { seedScale } from "./seed/scale";

export { seedScale } from "./seed/scale";

const USAGE = `usage: npm run seed:scale -- --venues N [--seed S] [--password P] [--batch ROWS]
  Adds N venues with a whole 2024 of work (tasks, findings, problems, rectifications, re-checks) to the database
  named by DATABASE_URL (default mysql://root@127.0.0.1:3306/assessment_scale), creating and migrating it when missing.`;

async function main() {
  const args = parseArgs(process.argv.slice(2), {
    venues: "number",
    seed: "number",
    password: "string",
    batch: "number",
    help: "boolean",
  });
  if (args.help || args.venues === undefined) {
    console.log(USAGE);
    process.exit(args.help ? 0 : 2);
  }
  const venues = Number(args.venues);
  if (!Number.isInteger(venues) || venues < 1) throw new Error("--venues must be a whole number ≥ 1");
  const databaseUrl = process.env.DATABASE_URL || "mysql://root@127.0.0.1:3306/assessment_scale";
  console.error(`seed:scale: ${venues.toLocaleString("en-US")} venues into ${databaseName(databaseUrl)}`);
  const result = await seedScale({
    databaseUrl,
    venues,
    seed: args.seed === undefined ? undefined : Number(args.seed),
    password: args.password === undefined ? undefined : String(args.password),
    batchRows: args.batch === undefined ? undefined : Number(args.batch),
    progress: new ProgressBar("seed:scale", venues, "venues"),
  });
  const seconds = result.ms / 1000;
  console.log(
    `${result.venues.toLocaleString("en-US")} venues, ${result.rows.toLocaleString("en-US")} rows in ${seconds.toFixed(1)} s (${Math.round(result.rows / seconds).toLocaleString("en-US")} rows/s)`,
  );
  console.log(
    Object.entries(result.counts)
      .filter(([, n]) => n > 0)
      .map(([t, n]) => `  ${t.padEnd(13)} ${n.toLocaleString("en-US").padStart(10)}`)
      .join("\n"),
  );
  console.log(
    `city admin of this data: ${result.admin.username} / ${result.admin.password} (every generated user has this password)`,
  );
}

if (require.main === module) {
  main().catch((e) => {
    console.error(`seed:scale: ${e instanceof Error ? e.message : e}`);
    process.exit(1);
  });
}
