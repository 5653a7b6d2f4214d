import { ProblemEntity, TaskEntity, VenueEntity, recordWebhookEvents } from "@assess/data";
import {
  DomainError,
  FindingLike,
  Score,
  SheetContext,
  TaskStatus,
  SHEET_EDITABLE,
  badInput,
  conflict,
  examinedIndicators,
  findingDeduction,
  forbidden,
  isOpenStatus,
  isScoringKind,
  normalizeExamined,
  notFound,
  scoreSheet,
  validateSheet,
} from "@assess/domain";
import type { TaskKind, VenueType } from "@assess/domain";
import type { RubricCatalog } from "@assess/rubrics";
import type { DataSource, EntityManager } from "typeorm";
import { optionalText, text } from "../common/ids";
import { inTransaction } from "../common/transaction";
import { requireVisible } from "../access/visible";
import type { Principal } from "../common/principal";
import type { EvidenceService } from "../evidence/evidence.service";
import { TaskRepository } from "./task.repository";
import { foundAgain, placeFinding, ruleText } from "./problems-from-sheet";

/** The indicators a task's sheet marks examined, as stored ("I01,I02"; "" for none). */
export const markedExamined = (task: Pick<TaskEntity, "examined">): string[] =>
  task.examined ? task.examined.split(",") : [];

/** What the sheet rules need of a scoring task: its kind and its venue (type, and 社区 or 村 for a station). */
export async function sheetContext(m: EntityManager, task: TaskEntity): Promise<SheetContext> {
  const venue = await m.getRepository(VenueEntity).findOneByOrFail({ id: task.venueId! });
  return { kind: task.kind as TaskKind, venue: { type: venue.type as VenueType, community: venue.community } };
}

export interface FindingEntry extends FindingLike {
  note: string | null;
  evidenceIds: number[];
}

/** Scoring sheets (saveFindings, saveSheet) and problems reported straight from an unannounced inspection. */
export class SheetService {
  constructor(
    private readonly ds: DataSource,
    private readonly rubrics: RubricCatalog,
    private readonly evidence: EvidenceService,
    private readonly clock: () => Date,
  ) {}

  /** Previews a sheet against a rubric without saving anything. */
  preview(rubricCode: string, findings: readonly FindingLike[]): Score {
    const rubric = this.rubrics.byCode(rubricCode);
    if (!rubric) throw badInput("rubricCode", `no rubric has the code "${rubricCode}"`);
    return scoreSheet(rubric, findings);
  }

  /** Replaces the task's findings and leaves its examined set as it is. */
  saveFindings(
    p: Principal,
    taskId: number,
    findings: FindingEntry[],
    expectedVersion: number | null,
  ): Promise<TaskEntity> {
    return this.save(p, taskId, findings, null, expectedVersion);
  }

  /** Replaces the task's findings and the indicators it marks examined, in one write. */
  saveSheet(
    p: Principal,
    taskId: number,
    findings: FindingEntry[],
    examined: string[],
    expectedVersion: number | null,
  ): Promise<TaskEntity> {
    return this.save(p, taskId, findings, examined, expectedVersion);
  }

  /**
   * Replaces the sheet (and, when `examined` is given, the examined set); only the assignee, only while IN_PROGRESS
   * or RETURNED, only at the expected version. Findings must fit the venue and the kind of task (validateSheet).
   */
  private async save(
    p: Principal,
    taskId: number,
    findings: FindingEntry[],
    examined: string[] | null,
    expectedVersion: number | null,
  ): Promise<TaskEntity> {
    if (expectedVersion !== null && expectedVersion < 1)
      throw badInput("expectedVersion", `versions start at 1, not ${expectedVersion}`);
    const now = this.clock();
    return inTransaction(this.ds, async (m) => {
      await requireVisible(m, p, "task", taskId);
      const task = await m.getRepository(TaskEntity).findOneBy({ id: taskId });
      if (!task) throw notFound("task", taskId);
      if (task.assigneeId !== p.userId) throw forbidden("only the assignee fills in the sheet");
      if (!isScoringKind(task.kind as TaskKind)) throw badInput("taskId", `a ${task.kind} task has no scoring sheet`);
      if (!SHEET_EDITABLE.includes(task.status as TaskStatus)) {
        throw conflict(
          `the sheet of a task that is ${task.status} cannot change (only while IN_PROGRESS or RETURNED)`,
          "status",
        );
      }
      const version = expectedVersion ?? task.version;
      if (version !== task.version)
        throw conflict(`task ${taskId} is at version ${task.version}, not ${version}`, "expectedVersion");
      const rubric = this.rubrics.byCode(task.rubricCode ?? "");
      if (!rubric) throw badInput("taskId", `the task's rubric ${task.rubricCode} is not installed`);
      const ctx = await sheetContext(m, task);
      validateSheet(rubric, findings, ctx);
      const marked = examined === null ? null : normalizeExamined(rubric, examined, ctx);
      const score = scoreSheet(rubric, findings);
      const evidence = await Promise.all(
        findings.map((f, i) => this.evidence.usable(m, p, f.evidenceIds, `findings[${i}].evidenceIds`)),
      );
      const repo = new TaskRepository(m);
      // The guarded UPDATE comes first: of two concurrent saves at one version, the second waits here and then finds no row.
      const status = task.status === "RETURNED" ? "IN_PROGRESS" : task.status;
      const sheet = marked === null ? {} : { examined: marked.join(",") };
      if (!(await repo.advance(task.id, version, { scoreTotal: score.total, status, ...sheet }))) {
        throw conflict(`task ${taskId} was changed meanwhile; reload it`, "expectedVersion");
      }
      await repo.clearSheet(task.id);
      for (const [i, f] of findings.entries()) {
        const result = await m.query(
          "INSERT INTO finding (task_id, position, indicator_code, rule_code, occurrences, note, deduction) VALUES (?, ?, ?, ?, ?, ?, ?)",
          [
            task.id,
            i,
            f.indicatorCode,
            f.ruleCode,
            f.occurrences,
            optionalText(f.note, `findings[${i}].note`),
            findingDeduction(rubric, f),
          ],
        );
        await repo.linkEvidence("FINDING", [{ ownerId: result.insertId, evidenceIds: evidence[i]! }], task.id);
      }
      if (task.status === "RETURNED") await repo.event(task.id, p.userId, "RESUMED", null, now);
      const deductionRows = rubric.indicators.filter((i) => !i.bonus).length;
      const examinedNow =
        marked === null
          ? ""
          : `, ${examinedIndicators(rubric, marked, findings).length} of ${deductionRows} indicators examined`;
      await repo.event(
        task.id,
        p.userId,
        "FINDINGS_SAVED",
        `${findings.length} findings${examinedNow}, total ${score.total}`,
        now,
      );
      return m.getRepository(TaskEntity).findOneByOrFail({ id: task.id });
    });
  }

  /** A problem found in an unannounced inspection (明察暗访), on the list at once. */
  async reportProblem(
    p: Principal,
    input: {
      taskId: number;
      indicatorCode: string;
      ruleCode: string;
      description: string;
      occurrences: number;
      evidenceIds: number[];
    },
  ): Promise<ProblemEntity> {
    const description = text(input.description, "description", 2000);
    const now = this.clock();
    return inTransaction(this.ds, async (m) => {
      await requireVisible(m, p, "task", input.taskId);
      const task = await m
        .getRepository(TaskEntity)
        .findOne({ where: { id: input.taskId }, lock: { mode: "pessimistic_write" } });
      if (!task) throw notFound("task", input.taskId);
      if (task.kind !== "UNANNOUNCED_INSPECTION")
        throw badInput("taskId", `problems are reported from an UNANNOUNCED_INSPECTION, not a ${task.kind}`);
      if (task.assigneeId !== p.userId) throw forbidden("only the inspector of the task reports its problems");
      if (!isOpenStatus(task.status as TaskStatus) || task.status === "SUBMITTED")
        throw conflict(`the task is ${task.status}`, "status");
      const rubric = this.rubrics.byCode(task.rubricCode ?? "");
      if (!rubric) throw badInput("taskId", `the task's rubric ${task.rubricCode} is not installed`);
      const finding = { indicatorCode: input.indicatorCode, ruleCode: input.ruleCode, occurrences: input.occurrences };
      try {
        // As on a sheet: the rule fits the venue (社区 only), and the indicator is one 明察暗访 assesses.
        validateSheet(rubric, [finding], await sheetContext(m, task));
      } catch (e) {
        // The rubric names the field of a sheet ("findings[0].ruleCode"); here it is the input's own.
        if (e instanceof DomainError && e.field)
          throw badInput(e.field.replace(/^findings\[0\]\./, ""), e.message.replace(/^findings\[0\]\.[A-Za-z]+: /, ""));
        throw e;
      }
      if (rubric.indicators.find((i) => i.code === input.indicatorCode)?.bonus)
        throw badInput("ruleCode", "a bonus is not a problem");
      if (input.occurrences < 1) throw badInput("occurrences", "a problem occurs at least once");
      const evidenceIds = await this.evidence.usable(m, p, input.evidenceIds, "evidenceIds");
      const tasks = new TaskRepository(m);
      const repo = m.getRepository(ProblemEntity);
      const place = await placeFinding(
        m,
        { id: task.id, venueId: task.venueId! },
        input.indicatorCode,
        input.ruleCode,
        now,
      );
      if ("again" in place) {
        // Its rule's problem is still unresolved at the venue: this is that problem found again, not a new one.
        await foundAgain(m, place.again, now);
        await tasks.linkEvidence("PROBLEM", [{ ownerId: place.again, evidenceIds }], task.id);
        await tasks.event(
          task.id,
          p.userId,
          "PROBLEM_FOUND_AGAIN",
          `${input.indicatorCode}/${input.ruleCode}: problem ${place.again} is still unresolved; found again`,
          now,
        );
        return repo.findOneByOrFail({ id: place.again });
      }
      const problem = await repo.save(
        repo.create({
          campaignId: task.campaignId,
          venueId: task.venueId!,
          sourceTaskId: task.id,
          sourceKind: task.kind,
          indicatorCode: input.indicatorCode,
          ruleCode: input.ruleCode,
          occurrences: input.occurrences,
          description,
          status: "OPEN",
          recurrence: place.recurrence,
          openSince: now,
          createdAt: now,
        }),
      );
      await tasks.linkEvidence("PROBLEM", [{ ownerId: problem.id, evidenceIds }], task.id);
      await tasks.event(
        task.id,
        p.userId,
        "PROBLEM_REPORTED",
        `${input.indicatorCode}/${input.ruleCode}: ${ruleText(rubric, input.indicatorCode, input.ruleCode)}`,
        now,
      );
      await recordWebhookEvents(m, "PROBLEM_CREATED", "problem", [problem.id], now);
      return problem;
    });
  }
}
