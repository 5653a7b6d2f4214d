import type { DataSource } from "typeorm";

export interface VenueRange {
  fromVenueId: number;
  toVenueId: number;
}

/** Splits the venues into batches of `size` by id (one grouped query), so that parts have equal work. */
export async function planParts(ds: DataSource, size: number): Promise<VenueRange[]> {
  const starts: { id: number }[] = await ds.query(
    "SELECT id FROM (SELECT id, ROW_NUMBER() OVER (ORDER BY id) AS rn FROM venue WHERE active = 1) x WHERE MOD(rn - 1, ?) = 0 ORDER BY id",
    [size],
  );
  if (!starts.length) return [];
  const [{ last }] = await ds.query("SELECT MAX(id) AS last FROM venue WHERE active = 1");
  return starts.map((s, i) => ({
    fromVenueId: s.id,
    toVenueId: i + 1 < starts.length ? starts[i + 1]!.id - 1 : Number(last),
  }));
}
