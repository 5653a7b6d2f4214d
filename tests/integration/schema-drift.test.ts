import { randomBytes } from "node:crypto";
import { dropDatabase, openDatabase } from "@assess/data";
import { afterAll, describe, expect, it } from "vitest";
import { MARIADB } from "../support/harness";

/*
 * The schema comes from migrations only (never synchronize), and the entities describe it: TypeORM's schema builder,
 * asked what it would change to make a migrated database match the entities, must find nothing. A column or index
 * added to an entity without a migration (or the other way round) fails here, with the SQL that is missing.
 */
const url = `${MARIADB}/sa_test_drift_${randomBytes(4).toString("hex")}`;
afterAll(() => dropDatabase(url));

describe("migrations and entities", () => {
  it("describe the same schema", async () => {
    const ds = await openDatabase(url);
    try {
      const pending = await ds.driver.createSchemaBuilder().log();
      expect(pending.upQueries.map((q) => q.query)).toEqual([]);
    } finally {
      await ds.destroy();
    }
  });
});
