import {
  CampaignEntity,
  EvidenceEntity,
  FindingEntity,
  ProblemEntity,
  TaskEntity,
  TaskEventEntity,
  UnitEntity,
  UserEntity,
  VenueEntity,
  openTask,
  rowMapper,
  tableOf,
} from "@assess/data";
import { pathIds } from "@assess/domain";
import DataLoader from "dataloader";
import type { DataSource, ObjectLiteral } from "typeorm";
import { In } from "typeorm";

type OwnerType = "FINDING" | "PROBLEM" | "TASK";

/** One loader per relation and request: a page of tasks with venue, unit, assignee and score costs a fixed number of queries. */
export interface Loaders {
  unit: DataLoader<number, UnitEntity | null>;
  venue: DataLoader<number, VenueEntity | null>;
  user: DataLoader<number, UserEntity | null>;
  campaign: DataLoader<number, CampaignEntity | null>;
  task: DataLoader<number, TaskEntity | null>;
  problem: DataLoader<number, ProblemEntity | null>;
  findingsByTask: DataLoader<number, FindingEntity[]>;
  eventsByTask: DataLoader<number, TaskEventEntity[]>;
  childrenByUnit: DataLoader<number, UnitEntity[]>;
  venuesByUnit: DataLoader<number, VenueEntity[]>;
  problemsByTask: DataLoader<number, ProblemEntity[]>;
  /** A re-check's verdicts as recorded (resolved null until it is submitted), by problem id. */
  verdictsByTask: DataLoader<number, { problemId: number; resolved: boolean | null; note: string | null }[]>;
  /** Whether a problem is on an open re-check (then no second one is assigned). */
  onOpenRecheck: DataLoader<number, boolean>;
  evidenceOf: DataLoader<`${OwnerType}:${number}`, EvidenceEntity[]>;
  /** A unit's ancestors (by its path), root first; the access guard keeps those the reader may see. */
  ancestors: DataLoader<string, UnitEntity[]>;
}

function byId<T extends ObjectLiteral & { id: number }>(ds: DataSource, entity: new () => T) {
  const map = rowMapper(ds, entity);
  const table = tableOf(ds, entity);
  return new DataLoader<number, T | null>(async (ids) => {
    const rows: Record<string, unknown>[] = await ds.query(`SELECT * FROM \`${table}\` WHERE id IN (?)`, [[...ids]]);
    const found = new Map(rows.map((r) => [r.id as number, map(r)]));
    return ids.map((id) => found.get(id) ?? null);
  });
}

function groupBy<T, K>(rows: T[], key: (r: T) => K, keys: readonly K[]): T[][] {
  const map = new Map<K, T[]>();
  for (const r of rows) {
    const k = key(r);
    map.set(k, [...(map.get(k) ?? []), r]);
  }
  return keys.map((k) => map.get(k) ?? []);
}

export function createLoaders(ds: DataSource): Loaders {
  return {
    unit: byId(ds, UnitEntity),
    venue: byId(ds, VenueEntity),
    user: byId(ds, UserEntity),
    campaign: byId(ds, CampaignEntity),
    task: byId(ds, TaskEntity),
    problem: byId(ds, ProblemEntity),
    findingsByTask: new DataLoader(async (ids) =>
      groupBy(
        await ds.getRepository(FindingEntity).find({ where: { taskId: In([...ids]) }, order: { position: "ASC" } }),
        (f) => f.taskId,
        ids,
      ),
    ),
    eventsByTask: new DataLoader(async (ids) =>
      groupBy(
        await ds.getRepository(TaskEventEntity).find({ where: { taskId: In([...ids]) }, order: { id: "ASC" } }),
        (e) => e.taskId,
        ids,
      ),
    ),
    childrenByUnit: new DataLoader(async (ids) =>
      groupBy(
        await ds.getRepository(UnitEntity).find({ where: { parentId: In([...ids]) }, order: { id: "ASC" } }),
        (u) => u.parentId!,
        ids,
      ),
    ),
    venuesByUnit: new DataLoader(async (ids) =>
      groupBy(
        await ds.getRepository(VenueEntity).find({ where: { unitId: In([...ids]) }, order: { id: "ASC" } }),
        (v) => v.unitId,
        ids,
      ),
    ),
    problemsByTask: new DataLoader(async (ids) => {
      // A scoring task's problems are those it found; a rectification's or re-check's are those it carries.
      const rows: (Record<string, unknown> & { owner: number })[] = await ds.query(
        `SELECT pr.*, pr.source_task_id AS owner FROM problem pr WHERE pr.source_task_id IN (?)
         UNION ALL
         SELECT pr.*, tp.task_id AS owner FROM problem pr JOIN task_problem tp ON tp.problem_id = pr.id WHERE tp.task_id IN (?)
         ORDER BY id`,
        [[...ids], [...ids]],
      );
      const repo = ds.getRepository(ProblemEntity);
      const problems = rows.map((r) => ({ owner: r.owner, problem: repo.create(problemFromRow(r)) }));
      return groupBy(problems, (x) => x.owner, ids).map((xs) => xs.map((x) => x.problem));
    }),
    verdictsByTask: new DataLoader(async (ids) => {
      const rows: { task_id: number; problem_id: number; resolved: number | null; note: string | null }[] =
        await ds.query(
          "SELECT task_id, problem_id, resolved, note FROM task_problem WHERE task_id IN (?) ORDER BY problem_id",
          [[...ids]],
        );
      return groupBy(rows, (r) => r.task_id, ids).map((xs) =>
        xs.map((r) => ({
          problemId: r.problem_id,
          resolved: r.resolved === null ? null : Number(r.resolved) === 1,
          note: r.note,
        })),
      );
    }),
    onOpenRecheck: new DataLoader(async (ids) => {
      const rows: { problem_id: number }[] = await ds.query(
        `SELECT DISTINCT tp.problem_id FROM task_problem tp JOIN task rc ON rc.id = tp.task_id AND rc.kind = 'RECHECK' AND ${openTask("rc")} WHERE tp.problem_id IN (?)`,
        [[...ids]],
      );
      const on = new Set(rows.map((r) => r.problem_id));
      return ids.map((id) => on.has(id));
    }),
    ancestors: new DataLoader(async (paths) => {
      const above = paths.map((path) => pathIds(path).slice(0, -1));
      const ids = [...new Set(above.flat())];
      const map = rowMapper(ds, UnitEntity);
      const rows: Record<string, unknown>[] = ids.length
        ? await ds.query("SELECT un.* FROM unit un WHERE un.id IN (?)", [ids])
        : [];
      const found = new Map(rows.map((r) => [r.id as number, map(r)]));
      return above.map((chain) => chain.flatMap((id) => found.get(id) ?? []));
    }),
    evidenceOf: new DataLoader(async (keys) => {
      const pairs = keys.map((k) => k.split(":") as [OwnerType, string]);
      const rows: (Record<string, unknown> & { k: string })[] = await ds.query(
        `SELECT e.*, CONCAT(l.owner_type, ':', l.owner_id) AS k FROM evidence_link l JOIN evidence e ON e.id = l.evidence_id
         WHERE (l.owner_type, l.owner_id) IN (?) ORDER BY e.id`,
        [pairs.map(([t, id]) => [t, Number(id)])],
      );
      const repo = ds.getRepository(EvidenceEntity);
      return groupBy(
        rows.map((r) => ({
          k: r.k,
          e: repo.create({
            id: r.id as number,
            fileName: r.file_name as string,
            contentType: r.content_type as string,
            size: r.size as number,
          }),
        })),
        (x) => x.k,
        keys,
      ).map((xs) => xs.map((x) => x.e));
    }),
  };
}

export function problemFromRow(r: Record<string, unknown>): Partial<ProblemEntity> {
  return {
    id: r.id as number,
    campaignId: r.campaign_id as number,
    venueId: r.venue_id as number,
    sourceTaskId: r.source_task_id as number,
    sourceKind: r.source_kind as string,
    indicatorCode: r.indicator_code as string,
    ruleCode: r.rule_code as string,
    occurrences: r.occurrences as number,
    description: r.description as string,
    status: r.status as string,
    recurrence: r.recurrence as number,
    failedRechecks: r.failed_rechecks as number,
    rectificationTaskId: (r.rectification_task_id as number | null) ?? null,
    resolvedAt: (r.resolved_at as Date | null) ?? null,
    openSince: r.open_since as Date,
    lateAt: (r.late_at as Date | null) ?? null,
    escalationLevel: Number(r.escalation_level ?? 0),
    escalatedAt: (r.escalated_at as Date | null) ?? null,
    foundAgain: Number(r.found_again ?? 0),
    lastFoundAt: (r.last_found_at as Date | null) ?? null,
    version: r.version as number,
    createdAt: r.created_at as Date,
    updatedAt: r.updated_at as Date,
  };
}
