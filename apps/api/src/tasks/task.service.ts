import { CampaignEntity, ProblemEntity, TaskEntity, UnitEntity, UserEntity, VenueEntity } from "@assess/data";
import {
  DomainError,
  Role,
  TaskKind,
  TaskStatus,
  VenueType,
  badInput,
  checkDueAt,
  checkSubmittable,
  conflict,
  defaultDueAt,
  dueDateLimit,
  forbidden,
  inScope,
  isOpenStatus,
  isProblemKind,
  isScoringKind,
  mayAssign,
  mayAssignRecheck,
  mayGiveTaskTo,
  mayManageTask,
  mayReview,
  mayTake,
  scoreSheet,
  notFound,
  parsePolicy,
  problemLateSince,
  problemStatusFor,
  transition,
  type ProblemStatus,
} from "@assess/domain";
import type { RubricCatalog } from "@assess/rubrics";
import type { DataSource, EntityManager } from "typeorm";
import { optionalText, text } from "../common/ids";
import { inTransaction } from "../common/transaction";
import { requireVisible } from "../access/visible";
import type { Principal } from "../common/principal";
import type { EvidenceService } from "../evidence/evidence.service";
import { deactivatedOnPath, targetOf, taskTarget } from "./task-access";
import { keepLateness } from "./task-lateness";
import { TaskRepository } from "./task.repository";
import { createProblemsFromSheet } from "./problems-from-sheet";
import { markedExamined, sheetContext } from "./sheet.service";

export interface AssignTask {
  campaignId: number;
  kind: TaskKind;
  assigneeId: number;
  venueId: number | null;
  unitId: number | null;
  dueAt: Date | null;
  problemIds: number[];
}

export interface Verdict {
  problemId: number;
  resolved: boolean;
  note: string | null;
}

export interface SubmitTask {
  report: string | null;
  evidenceIds: number[];
  verdicts: Verdict[] | null;
}

/** Scoring kinds that are submitted with a saved sheet. */
const SHEET_REQUIRED: readonly TaskKind[] = ["SELF_CHECK", "UNIFIED_ASSESSMENT"];

/** Kinds of which a venue has at most one open task per campaign. */
const ONE_OPEN_PER_VENUE: readonly TaskKind[] = ["SELF_CHECK", "UNIFIED_ASSESSMENT"];

/** The task workflow of the plan's sections 五 and 六: assignment, the state machine, rectification and re-check. */
export class TaskService {
  constructor(
    private readonly ds: DataSource,
    private readonly rubrics: RubricCatalog,
    private readonly evidence: EvidenceService,
    private readonly clock: () => Date,
  ) {}

  async get(p: Principal, id: number): Promise<TaskEntity> {
    await requireVisible(this.ds.manager, p, "task", id);
    return this.ds.getRepository(TaskEntity).findOneByOrFail({ id });
  }

  async assign(p: Principal, input: AssignTask): Promise<TaskEntity> {
    if (p.role !== "CITY_ADMIN" && p.role !== "UNIT_MANAGER")
      throw forbidden("tasks are assigned by the city admin and unit managers");
    const now = this.clock();
    return inTransaction(this.ds, async (m) => {
      const repo = new TaskRepository(m);
      // First, before any plain read: the snapshot of the one-open-task check below then starts after a
      // concurrent assignment of the same venue has committed, so that two cannot both pass it.
      if (ONE_OPEN_PER_VENUE.includes(input.kind) && input.venueId !== null) await repo.lockVenue(input.venueId);
      const campaign = await m.getRepository(CampaignEntity).findOneBy({ id: input.campaignId });
      if (!campaign)
        throw new DomainError("NOT_FOUND", `campaignId: campaign ${input.campaignId} not found`, "campaignId");
      let venue: VenueEntity | null = null;
      let unit: UnitEntity;
      let rubricCode: string | null = null;

      if (input.kind === "ANNUAL_REPORT") {
        if (input.unitId === null) throw badInput("unitId", "is required for an ANNUAL_REPORT task");
        if (input.venueId !== null) throw badInput("venueId", "an ANNUAL_REPORT is about a unit, not a venue");
        const t = await targetOf(m, null, input.unitId);
        if (!mayAssign(p, input.kind, t)) throw forbidden("annual reports are assigned by the city");
        if (t.unitKind !== "DISTRICT" && t.unitKind !== "DEPARTMENT") {
          throw badInput("unitId", `annual reports come from DISTRICT and DEPARTMENT units, not a ${t.unitKind}`);
        }
        unit = t.unit;
      } else if (isProblemKind(input.kind)) {
        if (!input.problemIds.length) throw badInput("problemIds", `a ${input.kind} task needs at least one problem`);
        const problems = await this.problemsFor(m, p, input.problemIds);
        const venueIds = new Set(problems.map((pr) => pr.venueId));
        if (venueIds.size > 1) throw badInput("problemIds", "all problems of one task must be of one venue");
        const venueId = problems[0]!.venueId;
        const t = await targetOf(m, venueId, null);
        if (input.kind === "RECTIFICATION" ? !mayAssign(p, input.kind, t) : !(await this.mayRecheck(m, p, problems))) {
          // Problems of a venue outside the manager's unit are not theirs to know of.
          if (!inScope(p, t.unitPath))
            throw new DomainError("NOT_FOUND", `problemIds: problem ${problems[0]!.id} not found`, "problemIds");
          throw forbidden(
            input.kind === "RECTIFICATION"
              ? "rectifications are assigned by a manager of the venue's unit, or the city"
              : "re-checks are assigned by whoever assigned the assessment that found the problems, or the city",
          );
        }
        if (input.venueId !== null && input.venueId !== venueId)
          throw badInput("venueId", "is not the venue of the problems");
        if (input.unitId !== null && input.unitId !== t.unitId)
          throw badInput("unitId", "is not the unit of the problems' venue");
        venue = t.venue;
        unit = t.unit;
        const needed = problemStatusFor(input.kind as "RECTIFICATION" | "RECHECK");
        const wrong = problems.find((pr) => pr.status !== needed);
        if (wrong)
          throw conflict(
            `problem ${wrong.id} is ${wrong.status}; a ${input.kind} takes problems that are ${needed}`,
            "problemIds",
          );
        if (input.kind === "RECHECK") {
          const taken = await repo.openRecheckOfProblems(input.problemIds);
          if (taken)
            throw conflict(
              `problem ${taken.problemId} is already on re-check ${taken.taskId}, still open`,
              "problemIds",
            );
        } else {
          // A problem left OPEN past the grace period was late (敷衍推诿) before this rectification: that stays recorded.
          const graceDays = parsePolicy(campaign.evaluationPolicy ?? {}).graceDays;
          for (const pr of problems) {
            const lateAt = pr.lateAt
              ? null
              : problemLateSince(
                  { status: pr.status as ProblemStatus, openSince: pr.openSince, lateAt: null },
                  graceDays,
                  now,
                );
            if (lateAt)
              await m.query("UPDATE problem SET late_at = ? WHERE id = ? AND late_at IS NULL", [lateAt, pr.id]);
          }
        }
      } else {
        if (input.venueId === null) throw badInput("venueId", `is required for a ${input.kind} task`);
        if (input.problemIds.length) throw badInput("problemIds", `a ${input.kind} task carries no problems`);
        const t = await targetOf(m, input.venueId, null);
        if (!mayAssign(p, input.kind, t)) {
          if (!inScope(p, t.unitPath))
            throw new DomainError("NOT_FOUND", `venueId: venue ${input.venueId} not found`, "venueId");
          throw forbidden(
            `you may not assign a ${input.kind} of a ${t.venueType} (the plan gives it to ${input.kind === "UNIFIED_ASSESSMENT" ? "the city" : "its district"})`,
          );
        }
        if (!t.venue!.active) throw badInput("venueId", `venue ${input.venueId} is deactivated`);
        const off = await deactivatedOnPath(m, t.unitPath);
        if (off) throw badInput("venueId", `venue ${input.venueId} belongs to the deactivated unit ${off}`);
        if (input.unitId !== null && input.unitId !== t.unitId) throw badInput("unitId", "is not the venue's unit");
        venue = t.venue;
        unit = t.unit;
        const rubric = this.rubrics.forVenue(campaign.year, venue!.type as VenueType);
        if (!rubric) throw badInput("venueId", `there is no ${campaign.year} rubric for a ${venue!.type}`);
        rubricCode = rubric.code;
        if (ONE_OPEN_PER_VENUE.includes(input.kind) && (await repo.hasOpen(campaign.id, venue!.id, input.kind))) {
          throw conflict(`venue ${venue!.id} already has an open ${input.kind} in campaign ${campaign.id}`, "venueId");
        }
      }
      const assignee = await this.assignee(m, p, input.assigneeId);
      if (assignee.role === "VENUE_STAFF" && (venue === null || assignee.venueId !== venue.id)) {
        throw badInput("assigneeId", "venue staff take tasks of their own venue only");
      }
      if (!mayTake(input.kind, { role: assignee.role as Role, venueId: assignee.venueId })) {
        throw badInput(
          "assigneeId",
          `a ${input.kind} judges the venue from outside: it is never given to the venue's own staff`,
        );
      }
      // A due date given by hand is after now, and a rectification's within the campaign's period unless the city sets it.
      if (input.dueAt) checkDueAt(input.dueAt, now, dueDateLimit(campaign, input.kind, now), p.role === "CITY_ADMIN");
      const dueAt =
        input.dueAt ?? defaultDueAt(campaign, input.kind, (venue?.type as VenueType | undefined) ?? null, now);
      const tasks = m.getRepository(TaskEntity);
      const task = await tasks.save(
        tasks.create({
          campaignId: campaign.id,
          kind: input.kind,
          status: "ASSIGNED",
          venueId: venue?.id ?? null,
          unitId: unit.id,
          assigneeId: assignee.id,
          assignedById: p.userId,
          dueAt,
          rubricCode,
          createdAt: now,
        }),
      );
      if (isProblemKind(input.kind)) {
        await m.query("INSERT INTO task_problem (task_id, problem_id) VALUES ?", [
          input.problemIds.map((id) => [task.id, id]),
        ]);
        const moved =
          input.kind === "RECTIFICATION"
            ? await repo.moveProblems(input.problemIds, "rectify", now, {
                set: "rectification_task_id = ?",
                params: [task.id],
              })
            : input.problemIds.length;
        if (moved !== input.problemIds.length)
          throw conflict("a problem changed meanwhile; reload and try again", "problemIds");
      }
      await repo.event(
        task.id,
        p.userId,
        "ASSIGNED",
        `${input.kind} → ${assignee.displayName}, due ${dueAt.toISOString()}`,
        now,
      );
      return task;
    });
  }

  async start(p: Principal, id: number): Promise<TaskEntity> {
    return this.act(p, id, async (m, task) => {
      if (task.assigneeId !== p.userId) throw forbidden("only the assignee starts a task");
      const from = task.status as TaskStatus;
      return {
        changes: { status: transition(from, "start") },
        action: from === "RETURNED" ? "RESUMED" : "STARTED",
        detail: null,
      };
    });
  }

  async submit(p: Principal, id: number, input: SubmitTask): Promise<TaskEntity> {
    return this.act(p, id, async (m, task, repo) => {
      if (task.assigneeId !== p.userId) throw forbidden("only the assignee submits a task");
      const status = transition(task.status as TaskStatus, "submit");
      // An assessment is its sheet, submitted complete: every indicator examined or with a finding, every bonus with
      // its evidence (the domain's checkSubmittable). An inspection may consist of reported problems only.
      let scoreTotal = task.scoreTotal;
      if (isScoringKind(task.kind as TaskKind)) {
        const rubric = this.rubrics.byCode(task.rubricCode ?? "");
        if (!rubric) throw badInput("id", `the task's rubric ${task.rubricCode} is not installed`);
        checkSubmittable(
          rubric,
          { findings: await repo.sheetOf(task.id), examined: markedExamined(task) },
          await sheetContext(m, task),
        );
        // Complete without a saved sheet only when no indicator applies at the venue: nothing was found.
        if (SHEET_REQUIRED.includes(task.kind as TaskKind) && scoreTotal === null)
          scoreTotal = scoreSheet(rubric, []).total;
      }
      const report = optionalText(input.report, "report");
      if (task.kind === "ANNUAL_REPORT" && !report) throw badInput("report", "an annual report needs its text");
      if (input.verdicts && task.kind !== "RECHECK") throw badInput("verdicts", "only a RECHECK gives verdicts");
      const evidenceIds = await this.evidence.usable(m, p, input.evidenceIds, "evidenceIds");
      await repo.linkEvidence("TASK", [{ ownerId: task.id, evidenceIds }], task.id);
      const problemIds = await repo.problemIdsOf(task.id);
      let detail = report ? report.slice(0, 200) : null;
      if (task.kind === "RECTIFICATION") {
        await repo.moveProblems(problemIds, "submitRectification", this.clock(), { heldBy: task.id });
      } else if (task.kind === "RECHECK") {
        // The verdicts are recorded now and take effect when the re-check is approved (issue 9; plan 六(三)).
        const verdicts = await this.recordVerdicts(m, task.id, problemIds, input.verdicts ?? []);
        detail = [
          detail,
          ...verdicts.map(
            (v) => `problem ${v.problemId}: ${v.resolved ? "resolved" : "not resolved"}${v.note ? ` (${v.note})` : ""}`,
          ),
        ]
          .filter(Boolean)
          .join("; ");
      }
      return { changes: { status, report: report ?? task.report, scoreTotal }, action: "SUBMITTED", detail };
    });
  }

  async review(p: Principal, id: number, approve: boolean, comment: string | null): Promise<TaskEntity> {
    const note = optionalText(comment, "comment", 2000);
    return this.act(p, id, async (m, task, repo) => {
      const target = await taskTarget(m, task);
      if (!mayReview(p, task.assigneeId))
        throw forbidden("id: nobody reviews a task assigned to themselves; the assigner or the city does");
      if (!mayManageTask(p, task.kind as TaskKind, target, await repo.assigner(task)))
        throw forbidden("id: only the level that assigned this task, or the city, reviews it");
      const now = this.clock();
      const status = transition(task.status as TaskStatus, approve ? "approve" : "return");
      if (approve && isScoringKind(task.kind as TaskKind)) {
        await createProblemsFromSheet(m, this.rubrics, task, now);
      }
      if (approve && task.kind === "RECHECK") await this.applyVerdicts(repo, task.id, now);
      if (!approve) await this.undoSubmission(m, repo, task);
      return {
        changes: approve ? { status, completedAt: now } : { status },
        action: approve ? "APPROVED" : "RETURNED",
        detail: note,
      };
    });
  }

  async cancel(p: Principal, id: number, reason: string): Promise<TaskEntity> {
    const why = text(reason, "reason", 2000);
    return this.act(p, id, async (m, task, repo) => {
      const target = await taskTarget(m, task);
      if (!mayManageTask(p, task.kind as TaskKind, target, await repo.assigner(task)))
        throw forbidden("id: only the level that assigned this task, or the city, cancels it");
      const status = transition(task.status as TaskStatus, "cancel");
      if (task.kind === "RECTIFICATION") {
        await this.refuseWhileRechecked(repo, task.id, "cancel");
        await repo.moveProblems(await repo.problemIdsOf(task.id), "cancelRectification", this.clock(), {
          heldBy: task.id,
        });
      }
      // A submitted re-check has recorded its verdicts; cancelled, they do not stand.
      if (task.kind === "RECHECK") await this.undoSubmission(m, repo, task);
      return { changes: { status, cancelReason: why }, action: "CANCELLED", detail: why };
    });
  }

  /**
   * Re-dates an open task: the level that assigned it, or the city. A manager stays within the limits (a
   * rectification: the campaign's period from its assignment; later needs an extension the city grants).
   */
  async redate(p: Principal, id: number, dueAt: Date, reason: string): Promise<TaskEntity> {
    const why = text(reason, "reason", 2000);
    const now = this.clock();
    return this.act(p, id, async (m, task, repo) => {
      if (!isOpenStatus(task.status as TaskStatus))
        throw conflict(`task ${id} is ${task.status}: only an open task is re-dated`, "status");
      if (!mayManageTask(p, task.kind as TaskKind, await taskTarget(m, task), await repo.assigner(task))) {
        throw forbidden("id: only the level that assigned this task, or the city, re-dates it");
      }
      const campaign = await m.getRepository(CampaignEntity).findOneByOrFail({ id: task.campaignId });
      checkDueAt(dueAt, now, dueDateLimit(campaign, task.kind as TaskKind, task.createdAt), p.role === "CITY_ADMIN");
      return {
        changes: { dueAt },
        action: "REDATED",
        detail: `${task.dueAt.toISOString()} → ${dueAt.toISOString()}: ${why}`,
      };
    });
  }

  /**
   * One transition, atomically: lock the task, check visibility, let `step` decide, then
   * UPDATE … WHERE version = ? and record the event. Any error rolls everything back.
   */
  private async act(
    p: Principal,
    id: number,
    step: (
      m: EntityManager,
      task: TaskEntity,
      repo: TaskRepository,
    ) => Promise<{ changes: Partial<TaskEntity>; action: string; detail: string | null }>,
  ): Promise<TaskEntity> {
    return inTransaction(this.ds, async (m) => {
      await requireVisible(m, p, "task", id);
      const repo = new TaskRepository(m);
      const task = await repo.lock(id);
      if (!task) throw notFound("task", id);
      const { changes, action, detail } = await step(m, task, repo);
      // Whatever the step, a rectification that had become late stays recorded late (issue 9, lateness that stays).
      if (!(await repo.advance(task.id, task.version, { ...keepLateness(task, this.clock()), ...changes })))
        throw conflict(`task ${id} was changed meanwhile; reload it`, "version");
      await repo.event(task.id, p.userId, action, detail, this.clock());
      return m.getRepository(TaskEntity).findOneByOrFail({ id });
    });
  }

  /** The assignee: an active user whom the principal may give tasks (a manager: users of their own unit). */
  private async assignee(m: EntityManager, p: Principal, id: number): Promise<UserEntity> {
    const user = await m.getRepository(UserEntity).findOneBy({ id });
    const path = user ? await new TaskRepository(m).userUnitPath(user) : null;
    if (!user || !user.active || !mayGiveTaskTo(p, path))
      throw new DomainError("NOT_FOUND", `assigneeId: user ${id} not found`, "assigneeId");
    if (user.role === "INTEGRATOR") throw badInput("assigneeId", "an INTEGRATOR cannot take tasks");
    return user;
  }

  private async problemsFor(m: EntityManager, p: Principal, ids: number[]): Promise<ProblemEntity[]> {
    if (new Set(ids).size !== ids.length) throw badInput("problemIds", "lists a problem twice");
    const problems = await m
      .getRepository(ProblemEntity)
      .find({ where: ids.map((id) => ({ id })), lock: { mode: "pessimistic_write" } });
    const missing = ids.find((id) => !problems.some((pr) => pr.id === id));
    if (missing !== undefined)
      throw new DomainError("NOT_FOUND", `problemIds: problem ${missing} not found`, "problemIds");
    return ids.map((id) => problems.find((pr) => pr.id === id)!);
  }

  private async mayRecheck(m: EntityManager, p: Principal, problems: ProblemEntity[]): Promise<boolean> {
    const rows: { assigned_by_id: number | null }[] = await m.query("SELECT assigned_by_id FROM task WHERE id IN (?)", [
      [...new Set(problems.map((pr) => pr.sourceTaskId))],
    ]);
    return mayAssignRecheck(
      p,
      rows.map((r) => r.assigned_by_id),
    );
  }

  /** A rectification whose problems are on an open re-check stays as it is until that re-check is done or cancelled. */
  private async refuseWhileRechecked(repo: TaskRepository, rectificationId: number, action: string): Promise<void> {
    const recheck = await repo.openRecheckOf(rectificationId);
    if (recheck !== null)
      throw conflict(
        `cannot ${action} rectification ${rectificationId}: re-check ${recheck} of its problems is open`,
        "status",
      );
  }

  /** A re-check's verdicts, recorded at its submission: one per problem, each resolved or not, with a note. */
  private async recordVerdicts(
    m: EntityManager,
    taskId: number,
    problemIds: number[],
    verdicts: Verdict[],
  ): Promise<Verdict[]> {
    const given = new Map<number, Verdict>();
    verdicts.forEach((v, i) => {
      if (!problemIds.includes(v.problemId))
        throw badInput(`verdicts[${i}].problemId`, `problem ${v.problemId} is not on this re-check`);
      if (given.has(v.problemId)) throw badInput(`verdicts[${i}].problemId`, `problem ${v.problemId} has two verdicts`);
      given.set(v.problemId, v);
    });
    const missing = problemIds.filter((id) => !given.has(id));
    if (missing.length)
      throw badInput("verdicts", `a verdict is needed for every problem; missing: ${missing.join(", ")}`);
    const recorded: Verdict[] = [];
    for (const [i, v] of verdicts.entries()) {
      const note = optionalText(v.note, `verdicts[${i}].note`, 2000);
      await m.query("UPDATE task_problem SET resolved = ?, note = ? WHERE task_id = ? AND problem_id = ?", [
        v.resolved,
        note,
        taskId,
        v.problemId,
      ]);
      recorded.push({ ...v, note });
    }
    return recorded;
  }

  /** The approved re-check's verdicts take effect: resolved → RESOLVED; not resolved → OPEN again, counted as 整改不到位. */
  private async applyVerdicts(repo: TaskRepository, taskId: number, now: Date): Promise<void> {
    const verdicts = await repo.verdictsOf(taskId);
    const resolved = verdicts.filter((v) => v.resolved === true).map((v) => v.problemId);
    const failed = verdicts.filter((v) => v.resolved === false).map((v) => v.problemId);
    const moved =
      (await repo.moveProblems(resolved, "resolve", now, { set: "resolved_at = ?", params: [now] })) +
      (await repo.moveProblems(failed, "reopen", now, { set: "failed_rechecks = failed_rechecks + 1" }));
    if (moved !== verdicts.length)
      throw conflict("a problem of this re-check changed meanwhile; reload it", "verdicts");
  }

  /** A returned or cancelled submission is undone: a rectification's problems go back to it; a re-check's verdicts are dropped. */
  private async undoSubmission(m: EntityManager, repo: TaskRepository, task: TaskEntity): Promise<void> {
    if (task.kind === "RECTIFICATION") {
      await this.refuseWhileRechecked(repo, task.id, "return");
      await repo.moveProblems(await repo.problemIdsOf(task.id), "returnRectification", this.clock(), {
        heldBy: task.id,
      });
    }
    if (task.kind === "RECHECK")
      await m.query("UPDATE task_problem SET resolved = NULL, note = NULL WHERE task_id = ?", [task.id]);
  }
}
