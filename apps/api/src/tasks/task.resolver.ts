import type { TaskEntity } from "@assess/data";
import { TaskStatus, examinedIndicators, isOverdue, scoreSheet } from "@assess/domain";
import type { GraphQLResolveInfo } from "graphql";
import { Arg, Ctx, FieldResolver, ID, Info, Int, Mutation, Query, Resolver, Root } from "type-graphql";
import { Context, who, writer } from "../common/context";
import { BY_DESIGN, Guard, Public, Scoped } from "../access/guard";
import { onlyVisible } from "../access/visible";
import { parseId, parseIds } from "../common/ids";
import { Connection, pageRequest, type ListOrder } from "../common/pagination";
import { ListOrderEnum } from "../common/enums";
import { CampaignType } from "../campaigns/campaign.types";
import { FindingInput, RubricType, ScoreType } from "../rubrics/rubric.types";
import { UnitType, VenueObject } from "../units/unit.types";
import { UserType } from "../users/user.types";
import { evidenceUrl } from "../evidence/evidence.service";
import type { AssignTasks } from "./bulk-assign.service";
import { ExtensionType } from "./extension.types";
import { TaskPermissionsType, taskPermissions } from "./viewer-can";
import { markedExamined, type FindingEntry } from "./sheet.service";
import { joinedOf, prefetchOf } from "./task-prefetch";
import {
  AssignPreviewType,
  AssignTaskInput,
  AssignTasksInput,
  EvidenceType,
  FindingType,
  ProblemType,
  RecheckVerdictType,
  SubmitTaskInput,
  TaskEventType,
  TaskFilter,
  TaskType,
} from "./task.types";

const TaskConnection = Connection(TaskType, "TaskConnection", "task");
const optionalId = (v: string | null | undefined, field: string) =>
  v === null || v === undefined ? null : parseId(v, field);

const findingsOf = (findings: FindingInput[]): FindingEntry[] =>
  findings.map((f, i) => ({
    indicatorCode: f.indicatorCode,
    ruleCode: f.ruleCode,
    occurrences: f.occurrences,
    note: f.note ?? null,
    evidenceIds: parseIds(f.evidenceIds, `findings[${i}].evidenceIds`),
  }));

const assignTasksOf = (input: AssignTasksInput): AssignTasks => ({
  campaignId: parseId(input.campaignId, "campaignId"),
  kind: input.kind,
  unitId: parseId(input.unitId, "unitId"),
  venueTypes: input.venueTypes ?? null,
  assigneeId: optionalId(input.assigneeId, "assigneeId"),
  dueAt: input.dueAt ?? null,
});

export const withUrl = <T extends { id: number }>(rows: T[]) => rows.map((e) => ({ ...e, url: evidenceUrl(e.id) }));

@Resolver((_of) => TaskType)
export class TaskResolver {
  @Scoped("task")
  @Query((_returns) => TaskType, {
    nullable: true,
    description: "One task; NOT_FOUND when it does not exist or the reader may not see it.",
  })
  task(@Arg("id", (_type) => ID, { description: "The task's id." }) id: string, @Ctx() ctx: Context) {
    return ctx.services.tasks.get(who(ctx), parseId(id, "id"));
  }

  @Scoped("task")
  @Query((_returns) => TaskConnection, {
    description: "The tasks the reader may see (as task(id) would show them), a page at a time in orderBy order.",
  })
  tasks(
    @Arg("filter", (_type) => TaskFilter, {
      nullable: true,
      description: "Which tasks; absent: every task the reader may see.",
    })
    filter: TaskFilter | null,
    @Arg("first", (_type) => Int, {
      nullable: true,
      defaultValue: 50,
      description: "Page size: 1 to 100 (default 50); anything else is BAD_USER_INPUT.",
    })
    first: number,
    @Arg("after", (_type) => String, {
      nullable: true,
      description: "The endCursor of the page before, in the same orderBy; absent: the first page.",
    })
    after: string | null,
    @Arg("orderBy", (_type) => ListOrderEnum, {
      nullable: true,
      defaultValue: "ID",
      description: "ID (default): by id, oldest first; UPDATED_AT: oldest change first, for incremental sync.",
    })
    orderBy: ListOrder,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ) {
    const p = who(ctx);
    const page = pageRequest(first, after, orderBy ?? "ID");
    return ctx.services.queries.tasks(
      p,
      {
        campaignId: optionalId(filter?.campaignId, "filter.campaignId"),
        kind: filter?.kind ?? null,
        status: filter?.status ?? null,
        unitId: optionalId(filter?.unitId, "filter.unitId"),
        venueId: optionalId(filter?.venueId, "filter.venueId"),
        assigneeId: optionalId(filter?.assigneeId, "filter.assigneeId"),
        overdue: filter?.overdue ?? null,
        venueType: filter?.venueType ?? null,
        escalationLevel: filter?.escalationLevel ?? null,
        open: filter?.open ?? null,
        updatedSince: filter?.updatedSince ?? null,
      },
      page,
      prefetchOf(info),
    );
  }

  @Mutation((_returns) => TaskType, {
    description:
      "Assigns one task (下达任务); it starts ASSIGNED. The city and unit managers assign what the plan's section 五 gives their level; a RECTIFICATION moves its problems to RECTIFYING.",
  })
  assignTask(
    @Arg("input", (_type) => AssignTaskInput, { description: "The task to assign." }) input: AssignTaskInput,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.tasks.assign(writer(ctx), {
      campaignId: parseId(input.campaignId, "campaignId"),
      kind: input.kind,
      assigneeId: parseId(input.assigneeId, "assigneeId"),
      venueId: optionalId(input.venueId, "venueId"),
      unitId: optionalId(input.unitId, "unitId"),
      dueAt: input.dueAt ?? null,
      problemIds: parseIds(input.problemIds, "problemIds"),
    });
  }

  @Mutation((_returns) => Int, {
    description:
      "Assigns one kind of task to every venue under a unit in one transaction; answers how many were created.",
  })
  assignTasks(
    @Arg("input", (_type) => AssignTasksInput, {
      description: "The kind, the campaign and the venues; previewAssignTasks shows what it would do.",
    })
    input: AssignTasksInput,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.bulk.assignTasks(writer(ctx), assignTasksOf(input));
  }

  @Scoped("task")
  @Query((_returns) => AssignPreviewType, {
    description:
      "What assignTasks would do with this input, writing nothing (下达任务预览); refused as assignTasks would refuse it.",
  })
  previewAssignTasks(
    @Arg("input", (_type) => AssignTasksInput, { description: "The input you would give assignTasks." })
    input: AssignTasksInput,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.bulk.preview(writer(ctx), assignTasksOf(input));
  }

  @Mutation((_returns) => TaskType, {
    description: "The assignee starts a task, ASSIGNED or RETURNED, which becomes IN_PROGRESS.",
  })
  startTask(@Arg("id", (_type) => ID, { description: "The task." }) id: string, @Ctx() ctx: Context) {
    return ctx.services.tasks.start(writer(ctx), parseId(id, "id"));
  }

  @Mutation((_returns) => TaskType, {
    description: "Replaces the task's scoring sheet; a stale expectedVersion is refused with CONFLICT.",
  })
  saveFindings(
    @Arg("taskId", (_type) => ID, {
      description:
        "The scoring task (SELF_CHECK, UNIFIED_ASSESSMENT, UNANNOUNCED_INSPECTION): its assignee saves it, while IN_PROGRESS or RETURNED (a RETURNED one is IN_PROGRESS again).",
    })
    taskId: string,
    @Arg("findings", (_type) => [FindingInput], {
      description: "The whole sheet, in its order: it replaces every earlier finding (an empty list clears the sheet).",
    })
    findings: FindingInput[],
    @Arg("expectedVersion", (_type) => Int, {
      nullable: true,
      description: "The task's version as you last read it; absent: no check.",
    })
    expectedVersion: number | null,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.sheets.saveFindings(
      writer(ctx),
      parseId(taskId, "taskId"),
      findingsOf(findings),
      expectedVersion ?? null,
    );
  }

  @Mutation((_returns) => TaskType, {
    description:
      "Replaces the task's scoring sheet as saveFindings does and, in the same write, the deduction indicators marked examined (检查过: passed or with findings). A stale expectedVersion is refused with CONFLICT.",
  })
  saveSheet(
    @Arg("taskId", (_type) => ID, {
      description:
        "The scoring task (SELF_CHECK, UNIFIED_ASSESSMENT, UNANNOUNCED_INSPECTION): its assignee saves it, while IN_PROGRESS or RETURNED (a RETURNED one is IN_PROGRESS again).",
    })
    taskId: string,
    @Arg("findings", (_type) => [FindingInput], {
      description: "The whole sheet, in its order: it replaces every earlier finding (an empty list clears the sheet).",
    })
    findings: FindingInput[],
    @Arg("examined", (_type) => [String], {
      description:
        "Codes of the rubric's deduction indicators examined, each once (not the 加分项 row); an indicator with a finding counts as examined anyway.",
    })
    examined: string[],
    @Arg("expectedVersion", (_type) => Int, {
      nullable: true,
      description: "The task's version as you last read it; absent: no check.",
    })
    expectedVersion: number | null,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.sheets.saveSheet(
      writer(ctx),
      parseId(taskId, "taskId"),
      findingsOf(findings),
      examined,
      expectedVersion ?? null,
    );
  }

  @Mutation((_returns) => TaskType, {
    description:
      "The assignee submits a task IN_PROGRESS for review (SUBMITTED). A SELF_CHECK or UNIFIED_ASSESSMENT needs a complete sheet; a RECTIFICATION's problems go AWAITING_RECHECK; a RECHECK records its verdicts.",
  })
  submitTask(
    @Arg("id", (_type) => ID, { description: "The task." }) id: string,
    @Arg("input", (_type) => SubmitTaskInput, {
      nullable: true,
      description: "The report, evidence and verdicts handed in; absent: none.",
    })
    input: SubmitTaskInput | null,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.tasks.submit(writer(ctx), parseId(id, "id"), {
      report: input?.report ?? null,
      evidenceIds: parseIds(input?.evidenceIds, "input.evidenceIds"),
      verdicts: input?.verdicts
        ? input.verdicts.map((v, i) => ({
            problemId: parseId(v.problemId, `verdicts[${i}].problemId`),
            resolved: v.resolved,
            note: v.note ?? null,
          }))
        : null,
    });
  }

  @Mutation((_returns) => TaskType, {
    description: "approve: true completes the task; false returns it to the assignee.",
  })
  reviewTask(
    @Arg("id", (_type) => ID, {
      description: "The SUBMITTED task; reviewed by the level that assigned it or the city, never by its assignee.",
    })
    id: string,
    @Arg("approve", (_type) => Boolean, {
      description:
        "true: COMPLETED; a scoring task's deduction findings then become OPEN problems (问题清单) and a RECHECK's verdicts take effect. false: RETURNED to the assignee (a RECTIFICATION's problems go back to RECTIFYING, a RECHECK's verdicts are dropped).",
    })
    approve: boolean,
    @Arg("comment", (_type) => String, {
      nullable: true,
      description: "The reviewer's comment (at most 2000 characters), kept in the history; absent: none.",
    })
    comment: string | null,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.tasks.review(writer(ctx), parseId(id, "id"), approve, comment ?? null);
  }

  @Mutation((_returns) => TaskType, {
    description:
      "Cancels an open task (the level that assigned it, or the city). A cancelled RECTIFICATION's problems go back to OPEN (refused while they are on an open re-check); a RECHECK's recorded verdicts are dropped.",
  })
  cancelTask(
    @Arg("id", (_type) => ID, { description: "The task." }) id: string,
    @Arg("reason", (_type) => String, { description: "Why (at most 2000 characters); becomes cancelReason." })
    reason: string,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.tasks.cancel(writer(ctx), parseId(id, "id"), reason);
  }

  @Public(BY_DESIGN.campaign)
  @FieldResolver((_type) => CampaignType, { description: "The campaign (考核年度) it belongs to." })
  async campaign(@Root() t: TaskEntity, @Ctx() ctx: Context) {
    return (await ctx.loaders.campaign.load(t.campaignId))!;
  }

  @Guard("venue")
  @FieldResolver((_type) => VenueObject, {
    nullable: true,
    description: "The venue (场所) it is about; null for an ANNUAL_REPORT, or when the reader may not see the venue.",
  })
  venue(@Root() t: TaskEntity, @Ctx() ctx: Context) {
    const joined = joinedOf(t, "venue");
    if (joined !== undefined) return joined;
    return t.venueId === null ? null : ctx.loaders.venue.load(t.venueId);
  }

  @Guard("unit")
  @FieldResolver((_type) => UnitType, {
    nullable: true,
    description:
      "The unit it belongs to: the venue's unit, or the DISTRICT or DEPARTMENT of an ANNUAL_REPORT; null when the reader may not see that unit.",
  })
  unit(@Root() t: TaskEntity, @Ctx() ctx: Context) {
    const joined = joinedOf(t, "unit");
    if (joined !== undefined) return joined;
    return t.unitId === null ? null : ctx.loaders.unit.load(t.unitId);
  }

  @Public(BY_DESIGN.userReference)
  @FieldResolver((_type) => UserType, { description: "The user who takes it." })
  assignee(@Root() t: TaskEntity, @Ctx() ctx: Context) {
    // Read with the page when it could be (task-prefetch.ts): no promise for each task of it.
    const joined = joinedOf(t, "assignee");
    if (joined) return joined;
    return ctx.loaders.user.load(t.assigneeId).then((u) => u!);
  }

  @Public(BY_DESIGN.userReference)
  @FieldResolver((_type) => UserType, {
    nullable: true,
    description: "Who assigned it; null when that is not recorded.",
  })
  assignedBy(@Root() t: TaskEntity, @Ctx() ctx: Context) {
    return t.assignedById === null ? null : ctx.loaders.user.load(t.assignedById);
  }

  @FieldResolver((_type) => Date, {
    description:
      "When anything of the task last changed (its status, sheet, due date, escalation), by the database's clock: the watermark of incremental sync (tasks(filter: { updatedSince }, orderBy: UPDATED_AT)).",
  })
  async updatedAt(@Root() t: TaskEntity, @Ctx() ctx: Context) {
    // A row just written carries no updatedAt (the database sets it): read it back.
    return (
      t.updatedAt ??
      (await ctx.services.deps.ds.query("SELECT updated_at FROM task WHERE id = ?", [t.id]))[0].updated_at
    );
  }

  @FieldResolver((_type) => Boolean, {
    description: "dueAt has passed and the task is neither COMPLETED nor CANCELLED.",
  })
  overdue(@Root() t: TaskEntity, @Ctx() ctx: Context) {
    return isOverdue({ status: t.status as TaskStatus, dueAt: t.dueAt }, ctx.services.clock());
  }

  @FieldResolver((_type) => [RecheckVerdictType], {
    description:
      "A RECHECK's verdicts, one per problem (empty for other kinds): given at submission, taking effect when the re-check is approved.",
  })
  async verdicts(@Root() t: TaskEntity, @Ctx() ctx: Context) {
    if (t.kind !== "RECHECK") return [];
    const [problems, verdicts] = await Promise.all([
      ctx.loaders.problemsByTask.load(t.id).then((all) => onlyVisible(ctx, "problem", all)),
      ctx.loaders.verdictsByTask.load(t.id),
    ]);
    const byId = new Map(problems.map((p) => [p.id, p]));
    return verdicts
      .filter((v) => byId.has(v.problemId))
      .map((v) => ({ problem: byId.get(v.problemId)!, resolved: v.resolved, note: v.note }));
  }

  @Public(BY_DESIGN.rubric)
  @FieldResolver((_type) => RubricType, {
    nullable: true,
    description:
      "The rubric of its scoring sheet (评分表: the annex for the venue's type and the campaign's year); null for a RECTIFICATION, RECHECK or ANNUAL_REPORT.",
  })
  rubric(@Root() t: TaskEntity, @Ctx() ctx: Context) {
    return t.rubricCode ? (ctx.services.rubrics.byCode(t.rubricCode) ?? null) : null;
  }

  @Public(BY_DESIGN.taskPart)
  @FieldResolver((_type) => [FindingType], {
    description:
      "Its scoring sheet's findings (评分表), in the order saved; empty until a sheet is saved, and for kinds without a sheet.",
  })
  findings(@Root() t: TaskEntity, @Ctx() ctx: Context) {
    return ctx.loaders.findingsByTask.load(t.id);
  }

  @FieldResolver((_type) => [String], {
    description:
      "The deduction indicators examined (passed or with findings), in rubric order: those marked by saveSheet and those with a finding. A SELF_CHECK or UNIFIED_ASSESSMENT is submitted only when every indicator that applies at the venue is here.",
  })
  async examined(@Root() t: TaskEntity, @Ctx() ctx: Context) {
    const rubric = t.rubricCode ? ctx.services.rubrics.byCode(t.rubricCode) : undefined;
    if (!rubric) return [];
    return examinedIndicators(rubric, markedExamined(t), await ctx.loaders.findingsByTask.load(t.id));
  }

  @FieldResolver((_type) => ScoreType, {
    nullable: true,
    description:
      "The sheet's score in points (half points allowed; at most the rubric's totalPoints plus its bonusCap); null until a sheet is saved, and for kinds without one.",
  })
  score(@Root() t: TaskEntity, @Ctx() ctx: Context) {
    const rubric = t.rubricCode ? ctx.services.rubrics.byCode(t.rubricCode) : undefined;
    if (!rubric || t.scoreTotal === null) return null;
    // The total is stored when the sheet is saved; the breakdown is computed from the findings only when asked for.
    let full: Promise<ReturnType<typeof scoreSheet>> | undefined;
    const breakdown = () => (full ??= ctx.loaders.findingsByTask.load(t.id).then((f) => scoreSheet(rubric, f)));
    return {
      total: t.scoreTotal,
      get deducted() {
        return breakdown().then((s) => s.deducted);
      },
      get bonus() {
        return breakdown().then((s) => s.bonus);
      },
      get indicators() {
        return breakdown().then((s) => s.indicators);
      },
    };
  }

  @Guard("problem")
  @FieldResolver((_type) => [ProblemType], {
    description: "The problems it found or carries that the reader may see (as problem(id) would show them), by id.",
  })
  problems(@Root() t: TaskEntity, @Ctx() ctx: Context) {
    return ctx.loaders.problemsByTask.load(t.id);
  }

  @Guard("evidence")
  @FieldResolver((_type) => [EvidenceType], {
    description:
      "The evidence attached at its submission that the reader may see, by id (a finding's evidence is on the finding).",
  })
  async evidence(@Root() t: TaskEntity, @Ctx() ctx: Context) {
    return withUrl(await ctx.loaders.evidenceOf.load(`TASK:${t.id}`));
  }

  @Mutation((_returns) => TaskType, {
    description:
      "Moves an open task's due date (the level that assigned it, or the city; a manager within the rectification period — later by requestExtension). In the history with the reason.",
  })
  redateTask(
    @Arg("id", (_type) => ID, { description: "The open task." }) id: string,
    @Arg("dueAt", (_type) => Date, {
      description:
        "The new due date: after now; a manager's RECTIFICATION within the campaign's rectificationDays (days) of its assignment.",
    })
    dueAt: Date,
    @Arg("reason", (_type) => String, { description: "Why (at most 2000 characters)." }) reason: string,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.tasks.redate(writer(ctx), parseId(id, "id"), dueAt, reason);
  }

  @Public(BY_DESIGN.taskPart)
  @FieldResolver((_type) => [ExtensionType], { description: "Its extension requests (延期申请), oldest first." })
  extensions(@Root() t: TaskEntity, @Ctx() ctx: Context) {
    return ctx.services.extensions.forTask(t.id);
  }

  @FieldResolver((_type) => TaskPermissionsType, {
    description: "What the signed-in user may do with this task now (the console offers only these).",
  })
  viewerCan(@Root() t: TaskEntity, @Ctx() ctx: Context) {
    return taskPermissions(ctx, t);
  }

  @Public(BY_DESIGN.taskPart)
  @FieldResolver((_type) => [TaskEventType], {
    description: "Its history, oldest first: every step with who took it and when.",
  })
  history(@Root() t: TaskEntity, @Ctx() ctx: Context) {
    return ctx.loaders.eventsByTask.load(t.id);
  }
}

@Resolver((_of) => FindingType)
export class FindingResolver {
  @Guard("evidence")
  @FieldResolver((_type) => [EvidenceType], {
    description: "The evidence attached to this finding that the reader may see, by id.",
  })
  async evidence(@Root() f: { id: number }, @Ctx() ctx: Context) {
    return withUrl(await ctx.loaders.evidenceOf.load(`FINDING:${f.id}`));
  }
}

@Resolver((_of) => TaskEventType)
export class TaskEventResolver {
  @Public(BY_DESIGN.userReference)
  @FieldResolver((_type) => UserType, {
    nullable: true,
    description: "Who did it; null for the system (the escalation job's reminders and escalations).",
  })
  actor(@Root() e: { actorId: number | null }, @Ctx() ctx: Context) {
    return e.actorId === null ? null : ctx.loaders.user.load(e.actorId);
  }
}
