import { CampaignEntity, UserEntity } from "@assess/data";
import {
  DomainError,
  TaskKind,
  UnitKind,
  VENUE_TYPES,
  VenueType,
  badInput,
  defaultDueAt,
  forbidden,
  isScoringKind,
  mayAssign,
  mayGiveTaskTo,
} from "@assess/domain";
import type { RubricCatalog } from "@assess/rubrics";
import type { DataSource } from "typeorm";
import type { Principal } from "../common/principal";
import { inTransaction } from "../common/transaction";
import { likePrefix } from "../common/scope";
import type { UnitService } from "../units/unit.service";
import { deactivatedOnPath } from "./task-access";
import { TaskRepository } from "./task.repository";

export interface AssignTasks {
  campaignId: number;
  kind: TaskKind;
  unitId: number;
  venueTypes: VenueType[] | null;
  assigneeId: number | null;
  dueAt: Date | null;
}

/**
 * assignTasks: one kind of task for every venue under a unit, in one transaction and two statements
 * (INSERT … SELECT of the tasks, then of their history), so that 20,000 venues take seconds.
 */
export class BulkAssignService {
  constructor(
    private readonly ds: DataSource,
    private readonly rubrics: RubricCatalog,
    private readonly units: UnitService,
    private readonly clock: () => Date,
  ) {}

  async assignTasks(p: Principal, input: AssignTasks): Promise<number> {
    if (p.role !== "CITY_ADMIN" && p.role !== "UNIT_MANAGER") throw forbidden("tasks are assigned by the city admin and unit managers");
    if (!isScoringKind(input.kind)) throw badInput("kind", `assignTasks takes SELF_CHECK, UNIFIED_ASSESSMENT or UNANNOUNCED_INSPECTION, not ${input.kind}`);
    const now = this.clock();
    return inTransaction(this.ds, async (m) => {
      const campaign = await m.getRepository(CampaignEntity).findOneBy({ id: input.campaignId });
      if (!campaign) throw new DomainError("NOT_FOUND", `campaignId: campaign ${input.campaignId} not found`, "campaignId");
      const unit = await this.units.visibleUnit(p, input.unitId, m).catch(() => {
        throw new DomainError("NOT_FOUND", `unitId: unit ${input.unitId} not found`, "unitId");
      });
      const asked = input.venueTypes && input.venueTypes.length ? [...new Set(input.venueTypes)] : null;
      const allowedTypes = (asked ?? [...VENUE_TYPES]).filter((t) =>
        mayAssign(p, input.kind, { venueType: t, unitPath: unit.path, unitKind: unit.kind as UnitKind }),
      );
      if (asked && allowedTypes.length < asked.length) {
        throw forbidden(`you may not assign a ${input.kind} of ${asked.filter((t) => !allowedTypes.includes(t)).join(", ")}`);
      }
      if (!allowedTypes.length) throw forbidden(`you may not assign a ${input.kind} of any venue under unit ${unit.id}`);
      const types = allowedTypes.filter((t) => this.rubrics.forVenue(campaign.year, t));
      if (!types.length) return 0;

      let assignee: UserEntity | null = null;
      if (input.assigneeId !== null) {
        assignee = await m.getRepository(UserEntity).findOneBy({ id: input.assigneeId });
        const path = assignee ? await new TaskRepository(m).userUnitPath(assignee) : null;
        if (!assignee || !assignee.active || !mayGiveTaskTo(p, path)) {
          throw new DomainError("NOT_FOUND", `assigneeId: user ${input.assigneeId} not found`, "assigneeId");
        }
        if (assignee.role === "INTEGRATOR") throw badInput("assigneeId", "an INTEGRATOR cannot take tasks");
      }
      const rubricCase = `CASE v.type ${types.map((t) => `WHEN '${t}' THEN '${this.rubrics.forVenue(campaign.year, t)!.code}'`).join(" ")} END`;
      const due = (t: VenueType) => input.dueAt ?? defaultDueAt(campaign, input.kind, t, now);
      const dueCase = `CASE v.type ${types.map(() => "WHEN ? THEN ?").join(" ")} END`;
      const dueParams = types.flatMap((t) => [t, due(t)]);
      const staffJoin = assignee
        ? ""
        : "JOIN (SELECT venue_id, MIN(id) AS user_id FROM user WHERE role = 'VENUE_STAFF' AND active = 1 AND venue_id IS NOT NULL GROUP BY venue_id) s ON s.venue_id = v.id";
      const assigneeSql = assignee ? "?" : "s.user_id";
      const onlyVenue = assignee?.role === "VENUE_STAFF" ? "AND v.id = ?" : "";
      // Venues under a deactivated unit take no new tasks; the unit itself or an ancestor deactivated refuses all.
      const off = await deactivatedOnPath(m, unit.path);
      if (off) throw badInput("unitId", `the unit ${off} is deactivated`);
      const inactive: { path: string }[] = await m.query("SELECT path FROM unit WHERE active = 0 AND path LIKE ?", [likePrefix(unit.path)]);
      const skipInactive = inactive.map(() => "AND vu.path NOT LIKE ?").join(" ");
      const result = await m.query(
        `INSERT INTO task (campaign_id, kind, status, venue_id, unit_id, assignee_id, assigned_by_id, due_at, rubric_code, version, escalation_level, created_at, updated_at)
         SELECT ?, ?, 'ASSIGNED', v.id, v.unit_id, ${assigneeSql}, ?, ${dueCase}, ${rubricCase}, 1, 0, ?, ?
         FROM venue v JOIN unit vu ON vu.id = v.unit_id ${staffJoin}
         WHERE vu.path LIKE ? AND v.active = 1 AND v.type IN (?) ${onlyVenue} ${skipInactive}
           AND NOT EXISTS (SELECT 1 FROM task x WHERE x.venue_id = v.id AND x.kind = ? AND x.campaign_id = ? AND x.status NOT IN ('COMPLETED','CANCELLED'))
         ORDER BY v.id`,
        [
          campaign.id,
          input.kind,
          ...(assignee ? [assignee.id] : []),
          p.userId,
          ...dueParams,
          now,
          now,
          likePrefix(unit.path),
          types,
          ...(assignee?.role === "VENUE_STAFF" ? [assignee.venueId] : []),
          ...inactive.map((u) => likePrefix(u.path)),
          input.kind,
          campaign.id,
        ],
      );
      const created = result.affectedRows as number;
      if (!created) return 0;
      // InnoDB hands an INSERT … SELECT consecutive ids (innodb_autoinc_lock_mode 0 or 1, MariaDB's default).
      const first = Number(result.insertId);
      const events = await m.query(
        `INSERT INTO task_event (task_id, at, actor_id, action, detail)
         SELECT id, ?, ?, 'ASSIGNED', CONCAT(kind, ' (bulk) due ', DATE_FORMAT(due_at, '%Y-%m-%dT%H:%i:%sZ'))
         FROM task WHERE id BETWEEN ? AND ? AND created_at = ? AND assigned_by_id = ?`,
        [now, p.userId, first, first + created - 1, now, p.userId],
      );
      if (events.affectedRows !== created) throw new Error(`bulk assignment ids were not consecutive (${events.affectedRows} of ${created})`);
      return created;
    });
  }
}
