import { mayAssign, VENUE_TYPES, type TaskKind, type UnitKind } from "@assess/domain";
import type { SessionUser } from "./session";

/**
 * The kinds of task a user may assign somewhere in their unit, by the domain's own rule (`mayAssign`), asked of a
 * venue of each type inside their unit. The server decides each assignment; the console offers only these.
 */
export function assignableKinds(user: SessionUser, kinds: readonly TaskKind[]): TaskKind[] {
  if (user.role === "CITY_ADMIN") return [...kinds];
  if (user.role !== "UNIT_MANAGER" || !user.unit) return [];
  const actor = { userId: 0, role: user.role, unitPath: "/0/", unitKind: user.unit.kind as UnitKind };
  return kinds.filter((kind) =>
    kind === "ANNUAL_REPORT"
      ? mayAssign(actor, kind, { venueType: null, unitPath: "/0/", unitKind: actor.unitKind })
      : VENUE_TYPES.some((venueType) =>
          mayAssign(actor, kind, { venueType, unitPath: "/0/", unitKind: actor.unitKind }),
        ),
  );
}
