import { randomBytes } from "node:crypto";
import { dropDatabase, MIGRATIONS, openDatabase } from "@assess/data";
import { afterAll, describe, expect, it } from "vitest";
import { MARIADB } from "../support/harness";

const url = `${MARIADB}/sa_test_mig_${randomBytes(4).toString("hex")}`;
afterAll(() => dropDatabase(url));

describe("migrations", () => {
  it("create the database and migrate it once when several processes start together", async () => {
    const sources = await Promise.all([openDatabase(url), openDatabase(url), openDatabase(url)]);
    try {
      const rows: { name: string }[] = await sources[0]!.query("SELECT name FROM migrations ORDER BY id");
      expect(rows.map((r) => r.name)).toEqual(MIGRATIONS.map((m) => (m as { name: string }).name));
      const tables: unknown[] = await sources[0]!.query("SHOW TABLES");
      expect(tables.length).toBeGreaterThanOrEqual(17);
    } finally {
      await Promise.all(sources.map((s) => s.destroy()));
    }
  });

  it("can be undone down to an empty schema", async () => {
    const ds = await openDatabase(url);
    try {
      for (let i = 0; i < MIGRATIONS.length; i++) await ds.undoLastMigration();
      const tables: Record<string, string>[] = await ds.query("SHOW TABLES");
      expect(tables.map((t) => Object.values(t)[0])).toEqual(["migrations"]);
      await ds.runMigrations();
    } finally {
      await ds.destroy();
    }
  });
});
