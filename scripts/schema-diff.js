#!/usr/bin/env node
// Prints the SQL that would bring a database migrated to the latest migration in line with the entities.
// Empty output means the migrations and the entities agree. Used to write a new migration, and by a test.
// Usage: npm run build && node scripts/schema-diff.js [DATABASE_URL]
const { openDatabase } = require("@assess/data");

async function main() {
  const url = process.argv[2] ?? "mysql://root@127.0.0.1:3306/assessment_schema_diff";
  const ds = await openDatabase(url);
  const sql = await ds.driver.createSchemaBuilder().log();
  for (const q of sql.upQueries) console.log(q.query + ";");
  await ds.destroy();
}
main().catch((e) => {
  console.error(e);
  process.exit(1);
});
