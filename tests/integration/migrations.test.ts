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
      expect(tables.map((t) => Object.values(t)[0])).toEqual(["migration_lock", "migrations"]);
      await ds.runMigrations();
    } finally {
      await ds.destroy();
    }
  });

  it("wait while another process holds the migration lock, and take over a lock whose holder stopped renewing it", async () => {
    const ds = await openDatabase(url);
    try {
      // A live holder (another process migrating): a start waits for it.
      await ds.query(
        "REPLACE INTO migration_lock (id, holder, expires_at) VALUES (1, 'other', NOW(3) + INTERVAL 1 HOUR)",
      );
      let opened = false;
      const waiting = openDatabase(url).then((d) => ((opened = true), d));
      await new Promise((r) => setTimeout(r, 1500));
      expect(opened).toBe(false);
      await ds.query("DELETE FROM migration_lock WHERE holder = 'other'");
      await (await waiting).destroy();

      // A holder that crashed: its claim runs out and the next start takes the lock over.
      await ds.query(
        "REPLACE INTO migration_lock (id, holder, expires_at) VALUES (1, 'crashed', NOW(3) - INTERVAL 1 SECOND)",
      );
      await (await openDatabase(url)).destroy();
      expect(await ds.query("SELECT holder FROM migration_lock")).toEqual([]);
    } finally {
      await ds.destroy();
    }
  });
});
