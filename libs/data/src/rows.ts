import type { DataSource, EntityTarget, ObjectLiteral } from "typeorm";

/**
 * Maps raw rows of an entity's table (as `SELECT *` returns them) to entity objects, the way TypeORM hydrates
 * them (column names to properties, transformers, booleans, JSON) without building a query through the ORM:
 * the hot read paths (DataLoaders, list pages) send plain SQL.
 */
export function rowMapper<T extends ObjectLiteral>(
  ds: DataSource,
  entity: EntityTarget<T>,
): (row: Record<string, unknown>) => T {
  let byEntity = mappers.get(ds);
  if (!byEntity) mappers.set(ds, (byEntity = new Map()));
  let mapper = byEntity.get(entity);
  if (!mapper) byEntity.set(entity, (mapper = buildMapper(ds, entity)));
  return mapper as (row: Record<string, unknown>) => T;
}

/** Built once per data source and entity: loaders are created per request. */
const mappers = new WeakMap<DataSource, Map<unknown, (row: Record<string, unknown>) => unknown>>();

function buildMapper<T extends ObjectLiteral>(
  ds: DataSource,
  entity: EntityTarget<T>,
): (row: Record<string, unknown>) => T {
  const meta = ds.getMetadata(entity);
  const columns = meta.columns.map((c) => {
    const transformer = c.transformer && !Array.isArray(c.transformer) ? c.transformer : undefined;
    return {
      property: c.propertyName,
      column: c.databaseName,
      transformer,
      boolean: c.type === "boolean",
      json: c.type === "json",
    };
  });
  const proto = (meta.target as { prototype?: object }).prototype ?? Object.prototype;
  return (row) => {
    const o = Object.create(proto) as Record<string, unknown>;
    for (const c of columns) {
      let v = row[c.column];
      if (v === undefined) continue;
      if (c.boolean && v !== null) v = Boolean(Number(v));
      else if (c.json && typeof v === "string") v = JSON.parse(v);
      else if (c.transformer) v = c.transformer.from(v);
      o[c.property] = v;
    }
    return o as T;
  };
}

/** The table name of an entity, for plain SQL. */
export const tableOf = (ds: DataSource, entity: EntityTarget<ObjectLiteral>) => ds.getMetadata(entity).tableName;
