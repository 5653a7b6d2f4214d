import { DEFAULT_POLICY, endOfDayAfter, type TaskKind, type TaskStatus } from "@assess/domain";
import type { Rng } from "../lib/random";
import { problemFindings, submittedComplete, type SheetFinding, type SheetMaker } from "../lib/sheets";
import { STEP_HOURS, timesFor, type Workbook } from "../lib/work";
import { escalationsOf, reminderOf, sheetContext, type Campaign, type VenueCast } from "../seed/year";

/** The default policy's grace for assigning a rectification (days). */
const GRACE_DAYS = DEFAULT_POLICY.graceDays;

const DAY = 86_400_000;
const MINUTE = 60_000;
const plus = (d: Date, days: number) => new Date(d.getTime() + days * DAY);
const min = (a: Date, b: Date) => (a < b ? a : b);

/** What the campaign looks like half-way through, relative to `now`. */
export interface HalfWay {
  now: Date;
  campaign: Campaign;
  /** When the self-checks went out, and the unified assessments of centres and of convenience venues. */
  selfCheckAssigned: Date;
  centreAssessmentAssigned: Date;
  convenienceAssessmentAssigned: Date;
  /** The city admins, who hear of level-2 escalations. */
  cityAdminIds: number[];
}

export interface VenuePlan {
  inspect: boolean;
  /** Make the venue's first rectification overdue by exactly this long (to show every escalation level). */
  overdueBy?: number;
}

type Found = ReturnType<Workbook["problems"]>[number];

/**
 * One venue's campaign so far: a self-check (mostly done, some late), a unified assessment (under way), perhaps an
 * inspection, and for what they found: rectifications (some overdue, escalated as the worker would have), re-checks
 * passed and failed, second rectifications of what failed. Every status the workflow allows occurs somewhere.
 */
export function demoVenue(
  book: Workbook,
  sheets: SheetMaker,
  rng: Rng,
  w: HalfWay,
  v: VenueCast & { centre: boolean },
  plan: VenuePlan,
): void {
  const { campaign, now } = w;
  const d = campaign.deadlines;
  const base = { campaignId: campaign.id, venueId: v.venueId, unitId: v.unitId, rubricCode: v.rubric.code };
  const found: {
    taskId: number;
    kind: TaskKind;
    findings: SheetFinding[];
    at: Date;
    closedAt: Date;
    assignerId: number;
  }[] = [];

  // 自检评估: due a month ago; most done in time, some late, a few cancelled.
  const scAssigned = new Date(w.selfCheckAssigned.getTime() + rng.int(0, 6 * 60) * MINUTE);
  const scStatus = rng.weighted({
    COMPLETED: 78,
    SUBMITTED: 5,
    RETURNED: 3,
    IN_PROGRESS: 5,
    ASSIGNED: 6,
    CANCELLED: 3,
  });
  const scSheet = sheets.sheet(rng, v.rubric, rng.pick([0, 0, 1, 1, 2, 3]), {
    bonusChance: v.centre ? 0.1 : 0.02,
    context: sheetContext(v, "SELF_CHECK"),
    submitted: submittedComplete("SELF_CHECK", scStatus),
  });
  const scTimes = timesFor(rng, scStatus, scAssigned, scStatus === "COMPLETED" ? plus(d.selfCheckDue, -1) : now, true);
  const scId = book.task({
    ...base,
    kind: "SELF_CHECK",
    status: scStatus,
    assigneeId: v.staffId,
    assignedById: v.managerId,
    assignedAt: scAssigned,
    dueAt: d.selfCheckDue,
    times: scTimes,
    sheet: scStatus === "CANCELLED" ? null : scSheet,
    cancelReason: scStatus === "CANCELLED" ? "场所搬迁，本年度自检并入新址" : null,
    returnComment: "评分依据不足，请补充现场照片后重新提交。",
  });
  if (scStatus === "COMPLETED")
    found.push({
      taskId: scId,
      kind: "SELF_CHECK",
      findings: problemFindings(scSheet),
      at: scTimes.completed!,
      closedAt: scTimes.completed!,
      assignerId: v.managerId,
    });

  // 统一考核: centres are nearly done, convenience venues about a quarter.
  const uaAssigned = new Date(
    (v.centre ? w.centreAssessmentAssigned : w.convenienceAssessmentAssigned).getTime() +
      rng.int(0, 3 * 24 * 60) * MINUTE,
  );
  const uaStatus = v.centre
    ? rng.weighted({ COMPLETED: 45, SUBMITTED: 15, RETURNED: 5, IN_PROGRESS: 20, ASSIGNED: 15 })
    : rng.weighted({ COMPLETED: 25, SUBMITTED: 8, RETURNED: 2, IN_PROGRESS: 15, ASSIGNED: 50 });
  const uaSheet = sheets.sheet(rng, v.rubric, rng.pick([0, 1, 1, 2, 2, 3, 4]), {
    bonusChance: v.centre ? 0.15 : 0.02,
    repeat: scSheet.findings,
    repeatChance: 0.12,
    context: sheetContext(v, "UNIFIED_ASSESSMENT"),
    submitted: submittedComplete("UNIFIED_ASSESSMENT", uaStatus),
  });
  const uaTimes = timesFor(rng, uaStatus, uaAssigned, plus(now, -0.05), true);
  const uaId = book.task({
    ...base,
    kind: "UNIFIED_ASSESSMENT",
    status: uaStatus,
    assigneeId: v.assessorId,
    assignedById: v.assessmentAssignerId,
    assignedAt: uaAssigned,
    dueAt: v.centre ? d.unifiedAssessmentDue : d.convenienceAssessmentDue,
    times: uaTimes,
    sheet: uaSheet,
    returnComment: "扣分项与现场记录不一致，请核实。",
  });
  if (uaStatus === "COMPLETED")
    found.push({
      taskId: uaId,
      kind: "UNIFIED_ASSESSMENT",
      findings: problemFindings(uaSheet),
      at: uaTimes.completed!,
      closedAt: uaTimes.completed!,
      assignerId: v.assessmentAssignerId,
    });

  // 明察暗访: problems go on the list as soon as they are reported.
  if (plan.inspect) {
    const uiAssigned = plus(now, -rng.int(20, 40));
    const uiStatus = rng.weighted({ COMPLETED: 50, IN_PROGRESS: 35, ASSIGNED: 15 });
    const uiTimes = timesFor(rng, uiStatus, uiAssigned, plus(now, -1), false);
    const reported =
      uiStatus === "ASSIGNED"
        ? []
        : sheets
            .sheet(rng, v.rubric, uiStatus === "COMPLETED" ? rng.int(1, 2) : 1, {
              context: sheetContext(v, "UNANNOUNCED_INSPECTION"),
            })
            .findings.filter((f) => !f.bonus);
    const uiId = book.task({
      ...base,
      kind: "UNANNOUNCED_INSPECTION",
      status: uiStatus,
      assigneeId: v.assessorId,
      assignedById: v.managerId,
      assignedAt: uiAssigned,
      dueAt: d.recheckDue,
      times: uiTimes,
      report: uiStatus === "COMPLETED" ? "暗访发现的问题已登记入问题清单。" : null,
      reported: reported.map((f) => ({ at: uiTimes.started!, detail: `${f.indicatorCode}/${f.ruleCode}: ${f.text}` })),
    });
    if (reported.length)
      found.push({
        taskId: uiId,
        kind: "UNANNOUNCED_INSPECTION",
        findings: reported,
        at: uiTimes.started!,
        closedAt: uiTimes.started!,
        assignerId: v.managerId,
      });
  }

  found.sort((a, b) => a.at.getTime() - b.at.getTime());
  let forced = plan.overdueBy;
  for (const f of found) {
    const problems = book.problems(campaign.id, f.taskId, f.kind, v.venueId, f.findings, f.at);
    if (!problems.length) continue;
    rectification(book, rng, w, v, problems, f.closedAt, f.assignerId, forced);
    forced = undefined;
  }
}

/** The escalations the worker would have made by `now` of a rectification that is still open. */
function escalationsBy(book: Workbook, rng: Rng, w: HalfWay, v: VenueCast, dueAt: Date) {
  const level1 = new Date(dueAt.getTime() + rng.int(1, 15) * MINUTE);
  const level2 = new Date(level1.getTime() + STEP_HOURS * 3_600_000 + rng.int(1, 15) * MINUTE);
  const hours = [level1, level2].filter((at) => at <= w.now).map((at) => (at.getTime() - dueAt.getTime()) / 3_600_000);
  return escalationsOf(() => book.nextTaskId(), v, dueAt, hours, w.cityAdminIds);
}

function rectification(
  book: Workbook,
  rng: Rng,
  w: HalfWay,
  v: VenueCast,
  problems: Found[],
  foundAt: Date,
  sourceAssignerId: number,
  overdueBy?: number,
): void {
  const { now, campaign } = w;
  const assignedAt = plus(foundAt, rng.int(1, 3) - rng.next() / 2);
  const base = { campaignId: campaign.id, venueId: v.venueId, unitId: v.unitId };
  const write = (
    p: Found,
    status: Found["status"],
    version: number,
    updatedAt: Date,
    extra: Partial<{ failedRechecks: number; rectificationTaskId: number | null; resolvedAt: Date | null }> = {},
  ) =>
    book.writeProblem(p, {
      status,
      version,
      updatedAt,
      failedRechecks: 0,
      rectificationTaskId: null,
      resolvedAt: null,
      ...extra,
    });

  // Some problems wait for their rectification to be assigned: most were found within the grace period (15 days); a
  // few have waited longer (敷衍推诿), and the worker escalates them.
  if (
    overdueBy === undefined &&
    (assignedAt > plus(now, -0.1) || (rng.chance(0.12) && foundAt > plus(now, -GRACE_DAYS)) || rng.chance(0.01))
  ) {
    for (const p of problems) write(p, "OPEN", 1, p.createdAt);
    return;
  }
  const dueAt =
    overdueBy !== undefined
      ? new Date(now.getTime() - overdueBy)
      : endOfDayAfter(assignedAt, campaign.deadlines.rectificationDays);
  const late = dueAt < now;
  const outcome: TaskStatus | "OVERDUE" =
    overdueBy !== undefined
      ? "OVERDUE"
      : late
        ? rng.weighted({ COMPLETED: 72, SUBMITTED: 10, OVERDUE: 18 })
        : rng.weighted({ COMPLETED: 20, SUBMITTED: 15, IN_PROGRESS: 35, ASSIGNED: 30 });
  const status: TaskStatus = outcome === "OVERDUE" ? (rng.chance(0.6) ? "IN_PROGRESS" : "ASSIGNED") : outcome;
  const times = timesFor(
    rng,
    status,
    assignedAt,
    outcome === "COMPLETED" || outcome === "SUBMITTED" ? min(dueAt, now) : plus(now, -0.02),
    false,
  );
  // Anything not completed by its due date is overdue (a submission waiting for review too), and the worker has escalated it;
  // overdue by less than one escalation interval, it is still at level 0 and the worker escalates it on its first run.
  const escalations =
    status !== "COMPLETED" && late && (overdueBy === undefined || overdueBy > 15 * MINUTE)
      ? escalationsBy(book, rng, w, v, dueAt)
      : [];
  const rectId = book.task({
    ...base,
    kind: "RECTIFICATION",
    status,
    assigneeId: v.staffId,
    assignedById: v.managerId,
    assignedAt,
    dueAt,
    times,
    escalations,
    reminded: reminderOf(() => book.nextTaskId(), assignedAt, dueAt, times.completed ?? w.now, v),
    report: times.submitted ? "已逐项整改：补齐便民设施、公开服务承诺，整改前后照片见附件。" : null,
  });
  book.carry(
    rectId,
    problems.map((p) => p.id),
  );
  if (status !== "COMPLETED") {
    for (const p of problems) {
      if (times.submitted) write(p, "AWAITING_RECHECK", 3, times.submitted, { rectificationTaskId: rectId });
      else write(p, "RECTIFYING", 2, assignedAt, { rectificationTaskId: rectId });
    }
    if (status === "SUBMITTED" && rng.chance(0.5))
      recheck(book, rng, w, v, problems, plus(times.submitted!, 1), sourceAssignerId, false);
    return;
  }
  const verdicts = recheck(book, rng, w, v, problems, plus(times.completed!, 1), sourceAssignerId, true);
  for (const p of problems) {
    const verdict = verdicts?.get(p.id);
    if (!verdicts || verdict === undefined)
      write(p, "AWAITING_RECHECK", 3, times.submitted!, { rectificationTaskId: rectId });
    else if (verdict.resolved)
      write(p, "RESOLVED", 4, verdict.at, { rectificationTaskId: rectId, resolvedAt: verdict.at });
    else secondRound(book, rng, w, v, p, verdict.at, rectId);
  }
}

/** A re-check by whoever assigned the assessment that found the problems; returns the verdicts if it gave them. */
function recheck(
  book: Workbook,
  rng: Rng,
  w: HalfWay,
  v: VenueCast,
  problems: Found[],
  assignedAt: Date,
  assignerId: number,
  mayDecide: boolean,
) {
  if (assignedAt > plus(w.now, -0.05)) return null;
  const decided = mayDecide && w.now.getTime() - assignedAt.getTime() > 8 * DAY;
  const status = decided
    ? rng.weighted({ COMPLETED: 80, SUBMITTED: 20 })
    : rng.weighted({ ASSIGNED: 50, IN_PROGRESS: 50 });
  const times = timesFor(rng, status, assignedAt, min(plus(assignedAt, 7), plus(w.now, -0.02)), false);
  const verdicts = decided ? new Map(problems.map((p) => [p.id, rng.chance(0.85)])) : undefined;
  const id = book.task({
    campaignId: w.campaign.id,
    kind: "RECHECK",
    status,
    venueId: v.venueId,
    unitId: v.unitId,
    assigneeId: v.assessorId,
    assignedById: assignerId,
    assignedAt,
    dueAt: w.campaign.deadlines.recheckDue,
    times,
    report: decided ? "复检完成：逐项核对整改情况，结论见各问题。" : null,
  });
  book.carry(
    id,
    problems.map((p) => p.id),
    verdicts,
  );
  return verdicts ? new Map([...verdicts].map(([pid, resolved]) => [pid, { resolved, at: times.submitted! }])) : null;
}

/** A problem that failed its re-check (整改不到位) is open again; half of them already have a second rectification. */
function secondRound(
  book: Workbook,
  rng: Rng,
  w: HalfWay,
  v: VenueCast,
  p: Found,
  failedAt: Date,
  firstRectId: number,
): void {
  const assignedAt = plus(failedAt, 1);
  // Back to OPEN: a new grace period starts; a few wait past it.
  if (assignedAt > plus(w.now, -0.05) || (rng.chance(0.5) && failedAt > plus(w.now, -GRACE_DAYS)) || rng.chance(0.05)) {
    book.writeProblem(p, {
      status: "OPEN",
      version: 4,
      updatedAt: failedAt,
      failedRechecks: 1,
      rectificationTaskId: firstRectId,
      resolvedAt: null,
      openSince: failedAt,
    });
    return;
  }
  const dueAt = endOfDayAfter(assignedAt, 15);
  const status: TaskStatus = rng.chance(0.5) ? "IN_PROGRESS" : "ASSIGNED";
  const times = timesFor(rng, status, assignedAt, plus(w.now, -0.02), false);
  const id = book.task({
    campaignId: w.campaign.id,
    kind: "RECTIFICATION",
    status,
    venueId: v.venueId,
    unitId: v.unitId,
    assigneeId: v.staffId,
    assignedById: v.managerId,
    assignedAt,
    dueAt,
    times,
    escalations: dueAt < w.now ? escalationsBy(book, rng, w, v, dueAt) : [],
    reminded: reminderOf(() => book.nextTaskId(), assignedAt, dueAt, w.now, v),
  });
  book.carry(id, [p.id]);
  book.writeProblem(p, {
    status: "RECTIFYING",
    version: 5,
    updatedAt: assignedAt,
    failedRechecks: 1,
    rectificationTaskId: id,
    resolvedAt: null,
  });
}
