import { CampaignEntity, UserEntity, recordWebhookEvents } from "@assess/data";
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
  mayTake,
  checkDueAt,
  Role,
} from "@assess/domain";
import type { RubricCatalog } from "@assess/rubrics";
import type { DataSource, EntityManager } from "typeorm";
import type { Principal } from "../common/principal";
import { inTransaction } from "../common/transaction";
import { likePrefix, type Sql } from "../access/rules";
import type { UnitService } from "../units/unit.service";
import { deactivatedOnPath } from "./task-access";
import { openTask } from "./task-lateness";
import { TaskRepository } from "./task.repository";

export interface AssignTasks {
  campaignId: number;
  kind: TaskKind;
  unitId: number;
  venueTypes: VenueType[] | null;
  assigneeId: number | null;
  dueAt: Date | null;
}

/** What assignTasks would do with an input: tasks = venues − skippedOpen − withoutStaff. */
export interface AssignPreview {
  tasks: number;
  venues: number;
  skippedOpen: number;
  withoutStaff: number;
}

/**
 * The venues an assignment considers and, for each, whether it takes a task: the one definition that assignTasks
 * inserts from and previewAssignTasks counts.
 */
interface Selection {
  /** `venue v JOIN unit vu`, and without a named assignee each venue's first active VENUE_STAFF as `s`. */
  from: string;
  /** Active venues under the unit, under no deactivated unit, of the types assignable here (a VENUE_STAFF assignee: their own). */
  where: Sql;
  /** The venue already has an open task of this kind in the campaign: it is skipped. */
  open: Sql;
  /** Who takes the venue's task: the named assignee, or the venue's first active VENUE_STAFF (NULL when it has none: skipped). */
  assignee: Sql;
}

/** The venue takes a task: nothing of the kind open, and someone to take it. */
const takes = (s: Selection): Sql => ({
  sql: `(NOT ${s.open.sql} AND ${s.assignee.sql} IS NOT NULL)`,
  params: [...s.open.params, ...s.assignee.params],
});

interface Plan {
  campaign: CampaignEntity;
  types: VenueType[];
  selection: Selection;
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
    const now = this.clock();
    return inTransaction(this.ds, async (m) => {
      // Bulk assignments of one campaign take turns: each reads and writes many venues' tasks at once, and three at
      // a time over one unit could deadlock past every retry (seen once in CI under load).
      await m.query("SELECT id FROM campaign WHERE id = ? FOR UPDATE", [input.campaignId]);
      const plan = await this.plan(m, p, input);
      if (!plan) return 0;
      const { campaign, types, selection: s } = plan;
      const rubricCase = `CASE v.type ${types.map((t) => `WHEN '${t}' THEN '${this.rubrics.forVenue(campaign.year, t)!.code}'`).join(" ")} END`;
      const due = (t: VenueType) => input.dueAt ?? defaultDueAt(campaign, input.kind, t, now);
      const dueCase = `CASE v.type ${types.map(() => "WHEN ? THEN ?").join(" ")} END`;
      const dueParams = types.flatMap((t) => [t, due(t)]);
      const take = takes(s);
      const result = await m.query(
        `INSERT INTO task (campaign_id, kind, status, venue_id, unit_id, assignee_id, assigned_by_id, due_at, rubric_code, version, escalation_level, created_at)
         SELECT ?, ?, 'ASSIGNED', v.id, v.unit_id, ${s.assignee.sql}, ?, ${dueCase}, ${rubricCase}, 1, 0, ?
         FROM ${s.from}
         WHERE ${s.where.sql} AND ${take.sql}
         ORDER BY v.id`,
        [campaign.id, input.kind, ...s.assignee.params, p.userId, ...dueParams, now, ...s.where.params, ...take.params],
      );
      const created = result.affectedRows as number;
      if (!created) return 0;
      const ids = await this.insertedIds(m, campaign.id, input.kind, p.userId, now, Number(result.insertId));
      if (ids.length !== created)
        throw new Error(`bulk assignment read back ${ids.length} of the ${created} tasks it inserted`);
      await m.query(
        `INSERT INTO task_event (task_id, at, actor_id, action, detail)
         SELECT id, ?, ?, 'ASSIGNED', CONCAT(kind, ' (bulk) due ', DATE_FORMAT(due_at, '%Y-%m-%dT%H:%i:%sZ'))
         FROM task WHERE id IN (?)`,
        [now, p.userId, ids],
      );
      await recordWebhookEvents(m, "TASK_ASSIGNED", "task", ids, now);
      return created;
    });
  }

  /**
   * The ids of the tasks the INSERT … SELECT just made, read back by what they share: campaign, kind, assigner and
   * creation time (to the millisecond), from the first id on. Not `insertId … insertId + n - 1`: Galera steps
   * auto-increment ids by the cluster's size, and interleaved auto-increment locking may leave gaps. A plain SELECT
   * reads the transaction's snapshot, so tasks other transactions are inserting meanwhile are not among them.
   */
  private async insertedIds(
    m: EntityManager,
    campaignId: number,
    kind: TaskKind,
    assignerId: number,
    at: Date,
    firstId: number,
  ): Promise<number[]> {
    const rows: { id: number }[] = await m.query(
      "SELECT id FROM task WHERE id >= ? AND campaign_id = ? AND kind = ? AND assigned_by_id = ? AND created_at = ? ORDER BY id",
      [firstId, campaignId, kind, assignerId, at],
    );
    return rows.map((r) => Number(r.id));
  }

  /** What assignTasks would do with this input, writing nothing; refused exactly as assignTasks refuses it. */
  async preview(p: Principal, input: AssignTasks): Promise<AssignPreview> {
    const plan = await this.plan(this.ds.manager, p, input);
    if (!plan) return { tasks: 0, venues: 0, skippedOpen: 0, withoutStaff: 0 };
    const { selection: s } = plan;
    const take = takes(s);
    const [row]: Record<string, unknown>[] = await this.ds.query(
      `SELECT COUNT(*) AS venues, SUM(${take.sql}) AS tasks, SUM(${s.open.sql}) AS skipped_open,
              SUM(NOT ${s.open.sql} AND ${s.assignee.sql} IS NULL) AS without_staff
       FROM ${s.from} WHERE ${s.where.sql}`,
      [...take.params, ...s.open.params, ...s.open.params, ...s.assignee.params, ...s.where.params],
    );
    const n = (k: string) => Number(row?.[k] ?? 0);
    return { tasks: n("tasks"), venues: n("venues"), skippedOpen: n("skipped_open"), withoutStaff: n("without_staff") };
  }

  /** Checks who asks and what (the refusals of assignTasks, in its order) and selects the venues; null when no type has a rubric. */
  private async plan(m: EntityManager, p: Principal, input: AssignTasks): Promise<Plan | null> {
    if (p.role !== "CITY_ADMIN" && p.role !== "UNIT_MANAGER")
      throw forbidden("tasks are assigned by the city admin and unit managers");
    if (!isScoringKind(input.kind))
      throw badInput(
        "kind",
        `assignTasks takes SELF_CHECK, UNIFIED_ASSESSMENT or UNANNOUNCED_INSPECTION, not ${input.kind}`,
      );
    const campaign = await m.getRepository(CampaignEntity).findOneBy({ id: input.campaignId });
    if (!campaign)
      throw new DomainError("NOT_FOUND", `campaignId: campaign ${input.campaignId} not found`, "campaignId");
    const unit = await this.units.visibleUnit(p, input.unitId, m, "unitId");
    const asked = input.venueTypes && input.venueTypes.length ? [...new Set(input.venueTypes)] : null;
    const allowedTypes = (asked ?? [...VENUE_TYPES]).filter((t) =>
      mayAssign(p, input.kind, { venueType: t, unitPath: unit.path, unitKind: unit.kind as UnitKind }),
    );
    if (asked && allowedTypes.length < asked.length) {
      throw forbidden(
        `you may not assign a ${input.kind} of ${asked.filter((t) => !allowedTypes.includes(t)).join(", ")}`,
      );
    }
    if (!allowedTypes.length) throw forbidden(`you may not assign a ${input.kind} of any venue under unit ${unit.id}`);
    const types = allowedTypes.filter((t) => this.rubrics.forVenue(campaign.year, t));
    if (!types.length) return null;

    let assignee: UserEntity | null = null;
    if (input.assigneeId !== null) {
      assignee = await m.getRepository(UserEntity).findOneBy({ id: input.assigneeId });
      const path = assignee ? await new TaskRepository(m).userUnitPath(assignee) : null;
      if (!assignee || !assignee.active || !mayGiveTaskTo(p, path)) {
        throw new DomainError("NOT_FOUND", `assigneeId: user ${input.assigneeId} not found`, "assigneeId");
      }
      if (assignee.role === "INTEGRATOR") throw badInput("assigneeId", "an INTEGRATOR cannot take tasks");
    }
    // A unified assessment or an inspection judges a venue from outside: never each venue's own staff.
    if (
      !mayTake(
        input.kind,
        assignee ? { role: assignee.role as Role, venueId: assignee.venueId } : { role: "VENUE_STAFF", venueId: null },
      )
    ) {
      throw badInput(
        "assigneeId",
        `a ${input.kind} is never given to the venue's own staff: name the assessor who takes them`,
      );
    }
    if (input.dueAt) checkDueAt(input.dueAt, this.clock(), null, p.role === "CITY_ADMIN");
    // Venues under a deactivated unit take no new tasks; the unit itself or an ancestor deactivated refuses all.
    const off = await deactivatedOnPath(m, unit.path);
    if (off) throw badInput("unitId", `the unit ${off} is deactivated`);
    const inactive: { path: string }[] = await m.query("SELECT path FROM unit WHERE active = 0 AND path LIKE ?", [
      likePrefix(unit.path),
    ]);

    const onlyVenue = assignee?.role === "VENUE_STAFF";
    const selection: Selection = {
      from: assignee
        ? "venue v JOIN unit vu ON vu.id = v.unit_id"
        : `venue v JOIN unit vu ON vu.id = v.unit_id
           LEFT JOIN (SELECT venue_id, MIN(id) AS user_id FROM user WHERE role = 'VENUE_STAFF' AND active = 1 AND venue_id IS NOT NULL GROUP BY venue_id) s ON s.venue_id = v.id`,
      where: {
        sql: `vu.path LIKE ? AND v.active = 1 AND v.type IN (?)${onlyVenue ? " AND v.id = ?" : ""}${inactive.map(() => " AND vu.path NOT LIKE ?").join("")}`,
        params: [
          likePrefix(unit.path),
          types,
          ...(onlyVenue ? [assignee!.venueId] : []),
          ...inactive.map((u) => likePrefix(u.path)),
        ],
      },
      open: {
        sql: `EXISTS (SELECT 1 FROM task x WHERE x.venue_id = v.id AND x.kind = ? AND x.campaign_id = ? AND ${openTask("x")})`,
        params: [input.kind, campaign.id],
      },
      assignee: assignee ? { sql: "?", params: [assignee.id] } : { sql: "s.user_id", params: [] },
    };
    return { campaign, types, selection };
  }
}
