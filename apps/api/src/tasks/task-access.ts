import { TaskEntity, UnitEntity, VenueEntity } from "@assess/data";
import { DomainError, Target, UnitKind, VenueType, pathIds } from "@assess/domain";
import type { EntityManager } from "typeorm";

/** What the access rules need to know about the venue or unit a task is about. */
export async function targetOf(
  m: EntityManager,
  venueId: number | null,
  unitId: number | null,
): Promise<Target & { unitId: number; venue: VenueEntity | null; unit: UnitEntity }> {
  const venue = venueId !== null ? await m.getRepository(VenueEntity).findOneBy({ id: venueId }) : null;
  if (venueId !== null && !venue) throw new DomainError("NOT_FOUND", `venueId: venue ${venueId} not found`, "venueId");
  const unit = await m.getRepository(UnitEntity).findOneBy({ id: venue?.unitId ?? unitId ?? 0 });
  if (!unit) throw new DomainError("NOT_FOUND", `unitId: unit ${unitId} not found`, "unitId");
  return {
    venueType: (venue?.type as VenueType | undefined) ?? null,
    unitPath: unit.path,
    unitKind: unit.kind as UnitKind,
    unitId: unit.id,
    venue,
    unit,
  };
}

export const taskTarget = (m: EntityManager, t: TaskEntity) => targetOf(m, t.venueId, t.unitId);

/** The name of a deactivated unit on the path (the unit itself or an ancestor), or null when all are active. */
export async function deactivatedOnPath(m: EntityManager, path: string): Promise<string | null> {
  const ids = pathIds(path);
  if (!ids.length) return null;
  const rows: { name: string }[] = await m.query(
    "SELECT name FROM unit WHERE id IN (?) AND active = 0 ORDER BY id LIMIT 1",
    [ids],
  );
  return rows[0]?.name ?? null;
}
