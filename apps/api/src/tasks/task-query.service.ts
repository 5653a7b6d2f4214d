import { ProblemEntity, TaskEntity, UnitEntity, UserEntity, VenueEntity, rowMapper } from "@assess/data";
import type { ProblemStatus, TaskKind, TaskStatus, VenueType } from "@assess/domain";
import { notFound } from "@assess/domain";
import type { DataSource } from "typeorm";
import { problemFromRow } from "../common/loaders";
import { Page, PageRequest, toPage } from "../common/pagination";
import type { Principal } from "../common/principal";
import { Sql, problemScope, taskScope } from "../access/rules";
import { underUnit } from "../common/unit-filter";
import { openTask, overdueTask } from "./task-lateness";
import { attachJoined, type Prefetch, type Relation } from "./task-prefetch";

/** Where each relation a page may join is stored, and the task's column that points at it. */
const JOINABLE: Record<Relation, { entity: typeof VenueEntity | typeof UnitEntity | typeof UserEntity; key: string }> =
  {
    venue: { entity: VenueEntity, key: "venue_id" },
    unit: { entity: UnitEntity, key: "unit_id" },
    assignee: { entity: UserEntity, key: "assignee_id" },
  };

/** Relations read in the page's own statement: what to select and join, and how to read them off a row. */
interface PageJoin {
  select: string;
  from: string;
  read(row: Record<string, unknown>): Partial<Record<Relation, object | null>>;
}

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

  /** With `prefetch`, the relations named are read in the page's statement, only the columns asked for (task-prefetch.ts). */
  async tasks(p: Principal, q: TaskQuery, page: PageRequest, prefetch: Prefetch = {}): Promise<Page<TaskEntity>> {
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
    const join = this.join(prefetch);
    const rows = await this.page(`task t STRAIGHT_JOIN unit tu ON tu.id = t.unit_id${venue}`, "t", where, page, join);
    const map = rowMapper(this.ds, TaskEntity);
    const tasks = rows.rows.map((row) => {
      const task = map(row);
      if (join) attachJoined(task, join.read(row));
      return task;
    });
    return toPage(tasks, page, rows.total);
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
    const rows = await this.page(
      "problem pr STRAIGHT_JOIN venue pv ON pv.id = pr.venue_id STRAIGHT_JOIN unit pu ON pu.id = pv.unit_id",
      "pr",
      where,
      page,
    );
    const repo = this.ds.getRepository(ProblemEntity);
    return toPage(
      rows.rows.map((r) => repo.create(problemFromRow(r))),
      page,
      rows.total,
    );
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
   * The LEFT JOINs for the relations to prefetch, selecting only the columns asked for (whole rows cost more to parse
   * than the three batched loader queries they replace). Null when there is nothing to join.
   */
  private join(prefetch: Prefetch): PageJoin | null {
    const parts = (Object.keys(prefetch) as Relation[]).flatMap((relation, i) => {
      const { entity, key } = JOINABLE[relation];
      const meta = this.ds.getMetadata(entity);
      const columns = prefetch[relation]!.map((property) => meta.findColumnWithPropertyName(property)?.databaseName);
      if (columns.some((c) => c === undefined)) return [];
      const alias = `j${i}`;
      const map = rowMapper(this.ds, entity);
      const read = (row: Record<string, unknown>) => {
        if (row[`${relation}.id`] === null) return null;
        const own: Record<string, unknown> = {};
        for (const c of columns as string[]) own[c] = row[`${relation}.${c}`];
        return map(own);
      };
      return [
        {
          relation,
          select: (columns as string[]).map((c) => `, ${alias}.\`${c}\` AS \`${relation}.${c}\``).join(""),
          from: ` LEFT JOIN \`${meta.tableName}\` ${alias} ON ${alias}.id = t.${key}`,
          read,
        },
      ];
    });
    if (!parts.length) return null;
    return {
      select: parts.map((x) => x.select).join(""),
      from: parts.map((x) => x.from).join(""),
      read: (row) => Object.fromEntries(parts.map((x) => [x.relation, x.read(row)])),
    };
  }

  /**
   * One page in id order. `from` joins with STRAIGHT_JOIN, so MariaDB reads the listed table in primary-key order
   * and stops after the page instead of sorting every row in scope. The count is a separate statement, run only
   * when the client asks for totalCount.
   */
  private async page(
    from: string,
    alias: string,
    where: Sql[],
    page: PageRequest,
    join: Pick<PageJoin, "select" | "from"> | null = null,
  ): Promise<{ rows: Record<string, unknown>[]; total: () => Promise<number> }> {
    const sql = where.map((w) => w.sql).join(" AND ");
    const select = `${alias}.*${join?.select ?? ""}`;
    const joined = join?.from ?? "";
    const params = where.flatMap((w) => w.params);
    let rows: Record<string, unknown>[];
    if (page.order === "UPDATED_AT") {
      // Incremental sync: oldest change first, ties by id; the cursor holds both (a row changed meanwhile moves to the end).
      const after = page.afterUpdated ? ` AND (${alias}.updated_at, ${alias}.id) > (?, ?)` : "";
      rows = await this.ds.query(
        `SELECT ${select} FROM ${from.replace(/STRAIGHT_JOIN/g, "JOIN")}${joined} WHERE ${sql}${after} ORDER BY ${alias}.updated_at, ${alias}.id LIMIT ?`,
        [...params, ...(page.afterUpdated ? [page.afterUpdated.at, page.afterUpdated.id] : []), page.first + 1],
      );
    } else {
      const after = page.afterId !== null ? ` AND ${alias}.id > ?` : "";
      rows = await this.ds.query(
        `SELECT ${select} FROM ${from}${joined} WHERE ${sql}${after} ORDER BY ${alias}.id LIMIT ?`,
        [...params, ...(page.afterId !== null ? [page.afterId] : []), page.first + 1],
      );
    }
    // The count lets the optimizer choose its own join order (forced, it reads every row in id order).
    const countFrom = from.replace(/STRAIGHT_JOIN/g, "JOIN");
    const total = () =>
      this.ds
        .query(`SELECT COUNT(*) AS n FROM ${countFrom} WHERE ${sql}`, params)
        .then((r: { n: unknown }[]) => Number(r[0]!.n));
    return { rows, total };
  }
}
