import type { UnitEntity, VenueEntity } from "@assess/data";
import { isWithin } from "@assess/domain";
import type { Context } from "../common/context";
import { who } from "../common/context";

/** Field-level checks for nested units and venues, so that a tree walk never shows what a list would hide. */
export async function canSeeUnit(ctx: Context, unit: UnitEntity): Promise<boolean> {
  const p = who(ctx);
  if (p.role === "CITY_ADMIN" || (p.role === "INTEGRATOR" && p.unitPath === null)) return true;
  if (p.role === "UNIT_MANAGER" || p.role === "INTEGRATOR") return p.unitPath !== null && isWithin(unit.path, p.unitPath);
  if (unit.id === p.unitId) return true;
  const venues = await visibleVenueIds(ctx);
  const units = await Promise.all([...venues].map((id) => ctx.loaders.venue.load(id)));
  return units.some((v) => v?.unitId === unit.id);
}

export async function canSeeVenue(ctx: Context, venue: VenueEntity, unit: UnitEntity): Promise<boolean> {
  const p = who(ctx);
  if (p.role === "CITY_ADMIN" || (p.role === "INTEGRATOR" && p.unitPath === null)) return true;
  if (p.role === "UNIT_MANAGER" || p.role === "INTEGRATOR") return p.unitPath !== null && isWithin(unit.path, p.unitPath);
  return (await visibleVenueIds(ctx)).has(venue.id);
}

const memo = new WeakMap<Context, Promise<Set<number>>>();

/** For assessors and venue staff: the venues of their tasks, or their own venue. One query per request. */
function visibleVenueIds(ctx: Context): Promise<Set<number>> {
  let ids = memo.get(ctx);
  if (!ids) {
    const p = who(ctx);
    ids =
      p.role === "VENUE_STAFF"
        ? Promise.resolve(new Set(p.venueId === null ? [] : [p.venueId]))
        : ctx.services.deps.ds
            .query("SELECT DISTINCT venue_id FROM task WHERE assignee_id = ? AND venue_id IS NOT NULL", [p.userId])
            .then((rows: { venue_id: number }[]) => new Set(rows.map((r) => r.venue_id)));
    memo.set(ctx, ids);
  }
  return ids;
}
