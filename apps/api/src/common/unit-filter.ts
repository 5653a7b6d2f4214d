import type { EntityManager } from "typeorm";
import { likePrefix, type Sql } from "../access/rules";

/**
 * A list's filter by unit (`filter.unitId`, `users(unitId:)`): the unit and everything under it, as `<alias>.path`.
 * The same everywhere: an id that does not exist, or whose rows the reader may not see, matches nothing (an empty page)
 * and never answers NOT_FOUND, so that a list never tells whether an id exists. The reader's scope still applies.
 */
export async function underUnit(m: Pick<EntityManager, "query">, unitId: number, alias: string): Promise<Sql> {
  const [unit]: { path: string }[] = await m.query("SELECT path FROM unit WHERE id = ?", [unitId]);
  return unit ? { sql: `${alias}.path LIKE ?`, params: [likePrefix(unit.path)] } : { sql: "1=0", params: [] };
}
