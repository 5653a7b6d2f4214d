import {
  CampaignEntity,
  FindingEntity,
  TaskEntity,
  UnitEntity,
  UserEntity,
  VenueEntity,
  lateTask,
  rowMapper,
} from "@assess/data";
import {
  DomainError,
  PROBLEM_STATUSES,
  VENUE_TYPES,
  badInput,
  forbidden,
  notFound,
  pathIds,
  scoreSheet,
  type ProblemStatus,
  type Rubric,
  type TaskKind,
  type VenueType,
} from "@assess/domain";
import type { RubricCatalog } from "@assess/rubrics";
import { In, type DataSource } from "typeorm";
import { FROM, likePrefix, problemScope, venueScope } from "../access/rules";
import { requireVisible } from "../access/visible";
import type { Principal } from "../common/principal";
import type { EvaluationService } from "../evaluation/evaluation.service";
import type { TaskService } from "../tasks/task.service";
import { markedExamined } from "../tasks/sheet.service";
import { ruleText } from "../tasks/problems-from-sheet";
import type { BulletinFacts } from "./bulletin-docx";
import type { ProblemRow } from "./problems-xlsx";
import type { SheetFacts } from "./sheet-docx";
import type { SummaryFacts, SummaryVenue } from "./summary-xlsx";
import { TASK_STATUS_NAMES } from "./print";

/**
 * The facts behind each printed document, read with the reader's access: whoever may read the data behind a document
 * may download it (the access module's rules); a document that does not exist yet is NOT_FOUND with a sentence why.
 */
export class DocumentService {
  constructor(
    private readonly ds: DataSource,
    private readonly rubrics: RubricCatalog,
    private readonly tasks: TaskService,
    private readonly evaluations: EvaluationService,
  ) {}

  /** The 评分表 of a scoring task the reader may see. */
  async sheet(p: Principal, taskId: number): Promise<SheetFacts> {
    const task = await this.tasks.get(p, taskId);
    const rubric = task.rubricCode ? this.rubrics.byCode(task.rubricCode) : undefined;
    if (!rubric || task.venueId === null)
      throw new DomainError("NOT_FOUND", `task ${taskId} is a ${task.kind}: it has no scoring sheet`);
    const findings = await this.ds.getRepository(FindingEntity).find({ where: { taskId }, order: { position: "ASC" } });
    if (task.scoreTotal === null && !findings.length && !markedExamined(task).length) {
      throw new DomainError("NOT_FOUND", `task ${taskId} has no sheet yet: nothing has been scored on it`);
    }
    const venue = await this.ds.getRepository(VenueEntity).findOneByOrFail({ id: task.venueId });
    const users = await this.ds
      .getRepository(UserEntity)
      .findBy({ id: In([task.assigneeId, task.assignedById ?? task.assigneeId]) });
    const name = (id: number | null) => users.find((u) => u.id === id)?.displayName ?? null;
    const [submitted] = await this.ds.query(
      "SELECT MAX(at) AS at FROM task_event WHERE task_id = ? AND action = 'SUBMITTED'",
      [taskId],
    );
    return {
      taskId,
      kind: task.kind as TaskKind,
      rubric,
      venueName: venue.name,
      unitName: await this.unitNames(venue.unitId),
      assessor: name(task.assigneeId) ?? "—",
      assignedBy: name(task.assignedById),
      assignedAt: task.createdAt,
      submittedAt: submitted?.at ?? null,
      completedAt: task.completedAt,
      status: TASK_STATUS_NAMES[task.status as keyof typeof TASK_STATUS_NAMES] ?? task.status,
      findings,
      examined: markedExamined(task),
    };
  }

  /** The 问题清单 of a campaign: the problems the reader may see, of a unit's subtree and one status when asked. */
  async problems(
    p: Principal,
    campaignId: number,
    filter: { unitId: number | null; status: string | null },
  ): Promise<{ campaign: CampaignEntity; unitName: string | null; rows: ProblemRow[] }> {
    const campaign = await this.campaign(campaignId);
    if (filter.status !== null && !PROBLEM_STATUSES.includes(filter.status as ProblemStatus)) {
      throw badInput("status", `must be one of ${PROBLEM_STATUSES.join(", ")}`);
    }
    const scope = problemScope(p);
    const where = [scope.sql, "pr.campaign_id = ?"];
    const params: unknown[] = [...scope.params, campaignId];
    let unitName: string | null = null;
    if (filter.unitId !== null) {
      const unit = await this.visibleUnit(p, filter.unitId);
      where.push("pu.path LIKE ?");
      params.push(likePrefix(unit.path));
      unitName = unit.name;
    }
    if (filter.status !== null) {
      where.push("pr.status = ?");
      params.push(filter.status);
    }
    const rows: Record<string, unknown>[] = await this.ds.query(
      `SELECT pr.id, pr.indicator_code, pr.rule_code, pr.description, pr.source_kind, pr.status, pr.recurrence, pr.open_since, pr.resolved_at,
              pv.name AS venue_name, pv.type AS venue_type, pu.path AS unit_path, rt.due_at AS due_at, st.rubric_code AS rubric_code
       FROM ${FROM.problem} JOIN task st ON st.id = pr.source_task_id LEFT JOIN task rt ON rt.id = pr.rectification_task_id
       WHERE ${where.join(" AND ")} ORDER BY pu.path, pv.name, pr.id`,
      params,
    );
    const names = await this.pathNames(rows.map((r) => String(r.unit_path)));
    return {
      campaign,
      unitName,
      rows: rows.map((r) => ({
        id: Number(r.id),
        venueName: String(r.venue_name),
        venueType: r.venue_type as VenueType,
        unitName: names(String(r.unit_path)),
        indicatorCode: String(r.indicator_code),
        ruleText: ruleText(this.rubrics.byCode(String(r.rubric_code)), String(r.indicator_code), String(r.rule_code)),
        description: String(r.description),
        sourceKind: r.source_kind as TaskKind,
        status: r.status as ProblemStatus,
        dueAt: (r.due_at as Date | null) ?? null,
        recurrence: Number(r.recurrence),
        foundAt: r.open_since as Date,
        resolvedAt: (r.resolved_at as Date | null) ?? null,
      })),
    };
  }

  /**
   * The 汇总评分表 of a unit: every venue of its subtree the reader may see, with its latest completed unified
   * assessment of the campaign scored indicator by indicator (the city, and managers and integrators for their units).
   */
  async summary(p: Principal, campaignId: number, unitId: number | null): Promise<SummaryFacts> {
    if (p.role !== "CITY_ADMIN" && p.role !== "UNIT_MANAGER" && p.role !== "INTEGRATOR") {
      throw forbidden("the 汇总评分表 is the city's and the managers' (and their integrators')");
    }
    const campaign = await this.campaign(campaignId);
    if (unitId === null) throw badInput("unitId", "is required: the unit whose venues to sum up");
    const unit = await this.visibleUnit(p, unitId);
    const scope = venueScope(p);
    const venues: Record<string, unknown>[] = await this.ds.query(
      `SELECT v.id, v.name, v.code, v.type, vu.path AS unit_path FROM ${FROM.venue} WHERE vu.path LIKE ? AND v.active = 1 AND ${scope.sql} ORDER BY vu.path, v.name, v.id`,
      [likePrefix(unit.path), ...scope.params],
    );
    // The latest completed unified assessment of each venue in the campaign.
    const ids = venues.map((v) => Number(v.id));
    const latest: Record<string, unknown>[] = ids.length
      ? await this.ds.query(
          `SELECT t.* FROM task t WHERE t.id IN (
             SELECT MAX(x.id) FROM task x WHERE x.campaign_id = ? AND x.kind = 'UNIFIED_ASSESSMENT' AND x.status = 'COMPLETED' AND x.venue_id IN (?)
             GROUP BY x.venue_id)`,
          [campaignId, ids],
        )
      : [];
    const toTask = rowMapper(this.ds, TaskEntity);
    const tasks = latest.map(toTask);
    const findings = tasks.length
      ? await this.ds
          .getRepository(FindingEntity)
          .find({ where: { taskId: In(tasks.map((t) => t.id)) }, order: { position: "ASC" } })
      : [];
    const names = await this.pathNames(venues.map((v) => String(v.unit_path)));
    // By venue and by task, so that a city of 20,000 venues is not scanned once per venue.
    const taskOf = new Map(tasks.map((t) => [t.venueId, t]));
    const findingsOf = new Map<number, FindingEntity[]>();
    for (const f of findings) findingsOf.set(f.taskId, [...(findingsOf.get(f.taskId) ?? []), f]);
    const rows: SummaryVenue[] = venues.map((v) => {
      const task = taskOf.get(Number(v.id));
      const rubric = task?.rubricCode ? this.rubrics.byCode(task.rubricCode) : undefined;
      return {
        venueName: String(v.name),
        venueCode: String(v.code),
        venueType: v.type as VenueType,
        unitName: names(String(v.unit_path)),
        assessment:
          task && rubric
            ? {
                taskId: task.id,
                completedAt: task.completedAt,
                score: scoreSheet(rubric, findingsOf.get(task.id) ?? []),
              }
            : null,
      };
    });
    const rubrics = new Map<VenueType, Rubric>();
    for (const type of VENUE_TYPES) {
      const r = this.rubrics.byYear(campaign.year).find((x) => x.venueType === type);
      if (r) rubrics.set(type, r);
    }
    return { campaign, unitName: await this.unitNames(unit.id), rubrics, venues: rows };
  }

  /** The 通报 of a campaign's latest annual evaluation, with the entries the reader may read. */
  async bulletin(p: Principal, campaignId: number): Promise<BulletinFacts> {
    const run = await this.evaluations.latest(p, campaignId);
    const campaign = await this.campaign(campaignId);
    if (!run)
      throw new DomainError(
        "NOT_FOUND",
        `campaign ${campaignId} has no annual evaluation yet: the 通报 follows the first one`,
      );
    const entries = await this.evaluations.entries(p, run.id);
    const units = entries.length
      ? await this.ds.getRepository(UnitEntity).findBy({ id: In(entries.map((e) => e.unitId)) })
      : [];
    const pathOf = new Map(units.map((u) => [u.id, u.path]));
    // The venues with the most problems in the campaign, of the units ranked here.
    const paths = [...pathOf.values()];
    const scope = problemScope(p);
    const under = paths.map(() => "pu.path LIKE ?").join(" OR ") || "1=0";
    const worst: Record<string, unknown>[] = await this.ds.query(
      `SELECT pv.id, pv.name, pv.type, pu.path AS unit_path, COUNT(*) AS n, SUM(pr.status <> 'RESOLVED') AS open_n
       FROM ${FROM.problem} WHERE pr.campaign_id = ? AND ${scope.sql} AND (${under})
       GROUP BY pv.id, pv.name, pv.type, pu.path ORDER BY n DESC, pv.id LIMIT 10`,
      [campaignId, ...scope.params, ...paths.map(likePrefix)],
    );
    // Rectifications late as of the evaluation, by ranked unit (the lateness rule of libs/data).
    const late = lateTask(run.asOf, "t");
    const lateRows: { path: string; n: number | string }[] = paths.length
      ? await this.ds.query(
          `SELECT tu.path, COUNT(*) AS n FROM task t JOIN unit tu ON tu.id = t.unit_id WHERE t.campaign_id = ? AND ${late.sql} AND (${paths.map(() => "tu.path LIKE ?").join(" OR ")}) GROUP BY tu.path`,
          [campaignId, ...late.params, ...paths.map(likePrefix)],
        )
      : [];
    const lateBy = new Map<number, number>();
    for (const r of lateRows) {
      const owner = entries.find((e) => r.path.startsWith(pathOf.get(e.unitId) ?? "\u0000"));
      if (owner) lateBy.set(owner.unitId, (lateBy.get(owner.unitId) ?? 0) + Number(r.n));
    }
    const names = await this.pathNames(worst.map((w) => String(w.unit_path)));
    return {
      campaign,
      run,
      entries,
      worstVenues: worst.map((w) => ({
        name: String(w.name),
        type: w.type as VenueType,
        unitName: names(String(w.unit_path)),
        problems: Number(w.n),
        open: Number(w.open_n),
      })),
      lateByUnit: entries.map((e) => ({
        unitName: e.unitName,
        late: lateBy.get(e.unitId) ?? 0,
        overdueRectifications: e.overdueRectifications,
      })),
    };
  }

  private async campaign(id: number): Promise<CampaignEntity> {
    const campaign = await this.ds.getRepository(CampaignEntity).findOneBy({ id });
    if (!campaign) throw notFound("campaign", id);
    return campaign;
  }

  private async visibleUnit(p: Principal, id: number): Promise<UnitEntity> {
    await requireVisible(this.ds, p, "unit", id, "unitId");
    return this.ds.getRepository(UnitEntity).findOneByOrFail({ id });
  }

  /** "铁东区 / 解放街道": a unit's name after its ancestors', the city left out. */
  private async unitNames(unitId: number): Promise<string> {
    const unit = await this.ds.getRepository(UnitEntity).findOneByOrFail({ id: unitId });
    return (await this.pathNames([unit.path]))(unit.path);
  }

  /** Names for unit paths, loaded in one query: a function from a path to "区 / 街道 / 社区" (the city left out). */
  private async pathNames(paths: string[]): Promise<(path: string) => string> {
    const ids = [...new Set(paths.flatMap((path) => pathIds(path)))];
    const units = ids.length ? await this.ds.getRepository(UnitEntity).findBy({ id: In(ids) }) : [];
    const byId = new Map(units.map((u) => [u.id, u]));
    return (path: string) => {
      const chain = pathIds(path)
        .map((id) => byId.get(id))
        .filter((u): u is UnitEntity => !!u);
      const shown = chain.length > 1 ? chain.filter((u) => u.kind !== "CITY") : chain;
      return shown.map((u) => u.name).join(" / ");
    };
  }
}
