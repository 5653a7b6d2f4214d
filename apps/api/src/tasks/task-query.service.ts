import { ProblemEntity, TaskEntity, rowMapper } from "@assess/data";
import type { ProblemStatus, TaskKind, TaskStatus, VenueType } from "@assess/domain";
import { notFound } from "@assess/domain";
import type { DataSource } from "typeorm";
import { problemFromRow } from "../common/loaders";
import { Page, PageRequest, toPage } from "../common/pagination";
import type { Principal } from "../common/principal";
import { Sql, problemScope, taskScope } from "../access/rules";
import { underUnit } from "../common/unit-filter";
import { openTask, overdueTask } from "./task-lateness";

export interface TaskQuery {
  campaignId: number | null;
  kind: TaskKind | null;
  status: TaskStatus | null;
  unitId: number | null;
  venueId: number | null;
  assigneeId: number | null;
  overdue: boolean | null;
  /** Tasks of venues of this type (a unit's ANNUAL_REPORT has no venue, so none of them). */
  venueType: VenueType | null;
  escalationLevel: number | null;
  open: boolean | null;
  /** Changed at or after this instant (incremental sync). */
  updatedSince?: Date | null;
}

export interface ProblemQuery {
  campaignId: number | null;
  status: ProblemStatus | null;
  unitId: number | null;
  venueId: number | null;
  venueType: VenueType | null;
  updatedSince?: Date | null;
}

/** Lists with the contract's filters, cursor pagination and totalCount (counted only when asked for). */
export class TaskQueryService {
  constructor(
    private readonly ds: DataSource,
    private readonly clock: () => Date,
  ) {}

  async tasks(p: Principal, q: TaskQuery, page: PageRequest): Promise<Page<TaskEntity>> {
    const where: Sql[] = [taskScope(p)];
    const eq = (col: string, v: unknown) => v !== null && where.push({ sql: `${col} = ?`, params: [v] });
    eq("t.campaign_id", q.campaignId);
    eq("t.kind", q.kind);
    eq("t.status", q.status);
    eq("t.venue_id", q.venueId);
    eq("t.assignee_id", q.assigneeId);
    eq("t.escalation_level", q.escalationLevel);
    if (q.open !== null) where.push({ sql: q.open ? openTask() : `NOT ${openTask()}`, params: [] });
    if (q.updatedSince) where.push({ sql: "t.updated_at >= ?", params: [q.updatedSince] });
    if (q.unitId !== null) where.push(await underUnit(this.ds, q.unitId, "tu"));
    eq("tv.type", q.venueType);
    if (q.overdue !== null) {
      const late = overdueTask(this.clock());
      where.push(q.overdue ? late : { sql: `NOT ${late.sql}`, params: late.params });
    }
    // The venue is joined only to filter by its type (a join keeps the page in task id order; IN (…) would not).
    const venue = q.venueType !== null ? " STRAIGHT_JOIN venue tv ON tv.id = t.venue_id" : "";
    const rows = await this.page(`task t STRAIGHT_JOIN unit tu ON tu.id = t.unit_id${venue}`, "t", where, page);
    const map = rowMapper(this.ds, TaskEntity);
    return toPage(rows.rows.map(map), page, rows.total);
  }

  async problems(p: Principal, q: ProblemQuery, page: PageRequest): Promise<Page<ProblemEntity>> {
    const where: Sql[] = [problemScope(p)];
    const eq = (col: string, v: unknown) => v !== null && where.push({ sql: `${col} = ?`, params: [v] });
    eq("pr.campaign_id", q.campaignId);
    eq("pr.status", q.status);
    eq("pr.venue_id", q.venueId);
    eq("pv.type", q.venueType);
    if (q.updatedSince) where.push({ sql: "pr.updated_at >= ?", params: [q.updatedSince] });
    if (q.unitId !== null) where.push(await underUnit(this.ds, q.unitId, "pu"));
    const rows = await this.page("problem pr STRAIGHT_JOIN venue pv ON pv.id = pr.venue_id STRAIGHT_JOIN unit pu ON pu.id = pv.unit_id", "pr", where, page);
    const repo = this.ds.getRepository(ProblemEntity);
    return toPage(rows.rows.map((r) => repo.create(problemFromRow(r))), page, rows.total);
  }

  async problem(p: Principal, id: number): Promise<ProblemEntity> {
    const scope = problemScope(p);
    const rows: Record<string, unknown>[] = await this.ds.query(
      `SELECT pr.* FROM problem pr JOIN venue pv ON pv.id = pr.venue_id JOIN unit pu ON pu.id = pv.unit_id WHERE pr.id = ? AND ${scope.sql}`,
      [id, ...scope.params],
    );
    if (!rows[0]) throw notFound("problem", id);
    return this.ds.getRepository(ProblemEntity).create(problemFromRow(rows[0]));
  }


  /**
   * One page in id order. `from` joins with STRAIGHT_JOIN, so MariaDB reads the listed table in primary-key order
   * and stops after the page instead of sorting every row in scope. The count is a separate statement, run only
   * when the client asks for totalCount.
   */
  private async page(from: string, alias: string, where: Sql[], page: PageRequest): Promise<{ rows: Record<string, unknown>[]; total: () => Promise<number> }> {
    const sql = where.map((w) => w.sql).join(" AND ");
    const params = where.flatMap((w) => w.params);
    let rows: Record<string, unknown>[];
    if (page.order === "UPDATED_AT") {
      // Incremental sync: oldest change first, ties by id; the cursor holds both (a row changed meanwhile moves to the end).
      const after = page.afterUpdated ? ` AND (${alias}.updated_at, ${alias}.id) > (?, ?)` : "";
      rows = await this.ds.query(`SELECT ${alias}.* FROM ${from.replace(/STRAIGHT_JOIN/g, "JOIN")} WHERE ${sql}${after} ORDER BY ${alias}.updated_at, ${alias}.id LIMIT ?`, [
        ...params,
        ...(page.afterUpdated ? [page.afterUpdated.at, page.afterUpdated.id] : []),
        page.first + 1,
      ]);
    } else {
      const after = page.afterId !== null ? ` AND ${alias}.id > ?` : "";
      rows = await this.ds.query(`SELECT ${alias}.* FROM ${from} WHERE ${sql}${after} ORDER BY ${alias}.id LIMIT ?`, [
        ...params,
        ...(page.afterId !== null ? [page.afterId] : []),
        page.first + 1,
      ]);
    }
    // The count lets the optimizer choose its own join order (forced, it reads every row in id order).
    const countFrom = from.replace(/STRAIGHT_JOIN/g, "JOIN");
    const total = () => this.ds.query(`SELECT COUNT(*) AS n FROM ${countFrom} WHERE ${sql}`, params).then((r: { n: unknown }[]) => Number(r[0]!.n));
    return { rows, total };
  }
}
