import {
  endOfDayAfter,
  type CampaignDeadlines,
  type Rubric,
  type SheetContext,
  type TaskKind,
  type VenueType,
} from "@assess/domain";
import type { Rng } from "../lib/random";
import type { SheetMaker, SheetFinding } from "../lib/sheets";
import { problemFindings, submittedComplete } from "../lib/sheets";
import { escalationMessage, reminderMessage } from "../../../apps/worker/dist/escalation/messages";
import { STEP_HOURS, timesFor, type Escalation, type Workbook } from "../lib/work";

const DAY = 86_400_000;
const plus = (d: Date, days: number) => new Date(d.getTime() + days * DAY);

export interface Campaign {
  id: number;
  year: number;
  deadlines: CampaignDeadlines;
}

/** A venue with the people around it. */
export interface VenueCast {
  venueId: number;
  type: VenueType;
  unitId: number;
  rubric: Rubric;
  staffId: number;
  /** Assigns self-checks, inspections and rectifications: the district's (or department's) manager, or the city. */
  managerId: number;
  /** Assigns the unified assessment: the city for city-level venues and district centres, the district otherwise. */
  assessmentAssignerId: number;
  /** The city admin: re-checks of problems found by several assigners go through the city. */
  cityAdminId: number;
  assessorId: number;
  venueName: string;
  unitName: string;
  /** A station of a 社区 (true) or of a 村 (false, the default); rules limited to 社区 are never found at a 村. */
  community?: boolean;
  /** Who hears of a level-1 escalation: the managers of the venue's district or department (the city admin for city-level venues). */
  countyManagerIds: number[];
}

/**
 * The escalations of a rectification overdue since `dueAt`, `hours` after it (level 1, then level 2), as the worker
 * writes them: level 1 to the district's (department's) managers, level 2 to every city admin.
 */
export function escalationsOf(
  taskId: () => number,
  v: VenueCast,
  dueAt: Date,
  hours: readonly number[],
  cityAdminIds = [v.cityAdminId],
): Escalation[] {
  return hours.map((h, i) => {
    const facts = { id: taskId(), dueAt, venueName: v.venueName, unitName: v.unitName };
    return {
      at: new Date(dueAt.getTime() + h * 3_600_000),
      notify: i === 0 ? v.countyManagerIds : cityAdminIds,
      message: escalationMessage(facts, i + 1),
    };
  });
}

/** The worker reminds the assignee of a rectification 24 hours before it is due, if it is still open then. */
export function reminderOf(
  taskId: () => number,
  assignedAt: Date,
  dueAt: Date,
  closedAt: Date,
  v: VenueCast,
): Escalation | undefined {
  const at = new Date(Math.max(assignedAt.getTime(), dueAt.getTime() - 24 * 3_600_000) + 7 * 60_000);
  if (at >= closedAt || at >= dueAt) return undefined;
  return {
    at,
    notify: [v.staffId],
    message: reminderMessage({ id: taskId(), dueAt, venueName: v.venueName, unitName: v.unitName }),
  };
}

export interface YearOptions {
  /** Share of venues that get an unannounced inspection. */
  inspectionShare: number;
  /** Share of rectifications still open (and overdue) at the end of the year. */
  overdueRectificationShare: number;
  /** When the overdue ones were escalated: [level 1, level 2] after the due date, in hours. */
  escalationHours: [number, number];
}

export const FULL_YEAR: YearOptions = {
  inspectionShare: 0.08,
  overdueRectificationShare: 0.1,
  escalationHours: [0.25, STEP_HOURS + 0.5],
};

const isCentre = (t: VenueType) => t === "COMPREHENSIVE_CENTER" || t === "PROFESSIONAL_SUBCENTER";

/** What a sheet of the venue may record (SheetMaker keeps to the rules that apply there). */
export const sheetContext = (v: VenueCast, kind: TaskKind): SheetContext => ({
  kind,
  venue: { type: v.type, community: v.community ?? false },
});

/**
 * A whole year of one venue's work, finished as the plan's section 五 has it: a self-check by the end of May,
 * the unified assessment by mid-June (centres) or the end of September (convenience venues), sometimes an
 * unannounced inspection, then rectification of every problem and a re-check of it — a few still overdue.
 */
export function venueYear(
  book: Workbook,
  sheets: SheetMaker,
  rng: Rng,
  campaign: Campaign,
  v: VenueCast,
  options: YearOptions = FULL_YEAR,
): void {
  const { deadlines: d, year } = campaign;
  const base = { campaignId: campaign.id, venueId: v.venueId, unitId: v.unitId, rubricCode: v.rubric.code };

  // 自检评估
  const scAssigned = new Date(Date.UTC(year, 3, 1, 1 + rng.int(0, 8), rng.int(0, 59)) + rng.int(0, 10) * DAY);
  const scStatus = rng.weighted({ COMPLETED: 96, SUBMITTED: 2, CANCELLED: 2 });
  const scSheet = sheets.sheet(rng, v.rubric, rng.int(0, 4), {
    bonusChance: 0.04,
    context: sheetContext(v, "SELF_CHECK"),
    submitted: submittedComplete("SELF_CHECK", scStatus),
  });
  const scTimes = timesFor(rng, scStatus, scAssigned, plus(d.selfCheckDue, -2), true);
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
    cancelReason: scStatus === "CANCELLED" ? "场所停业装修，本年度不参加自检" : null,
  });

  // 统一考核
  const centre = isCentre(v.type);
  const uaAssigned = centre
    ? new Date(Date.UTC(year, 5, 1, 2))
    : new Date(Date.UTC(year, 6, 1, 2) + rng.int(0, 20) * DAY);
  const uaDue = centre ? d.unifiedAssessmentDue : d.convenienceAssessmentDue;
  const uaStatus = rng.weighted({ COMPLETED: 97, SUBMITTED: 2, IN_PROGRESS: 1 });
  const uaSheet = sheets.sheet(rng, v.rubric, rng.int(0, 6), {
    bonusChance: centre ? 0.1 : 0.02,
    repeat: scSheet.findings,
    repeatChance: 0.3,
    context: sheetContext(v, "UNIFIED_ASSESSMENT"),
    submitted: submittedComplete("UNIFIED_ASSESSMENT", uaStatus),
  });
  const uaTimes = timesFor(rng, uaStatus, uaAssigned, plus(uaDue, -1), true);
  const uaId = book.task({
    ...base,
    kind: "UNIFIED_ASSESSMENT",
    status: uaStatus,
    assigneeId: v.assessorId,
    assignedById: v.assessmentAssignerId,
    assignedAt: uaAssigned,
    dueAt: uaDue,
    times: uaTimes,
    sheet: uaSheet,
  });

  // Problems in the order they were found, so that `recurrence` counts the earlier ones (相同问题反复出现).
  const found: { taskId: number; kind: TaskKind; findings: SheetFinding[]; at: Date; closedAt: Date }[] = [];
  if (scStatus === "COMPLETED")
    found.push({
      taskId: scId,
      kind: "SELF_CHECK",
      findings: problemFindings(scSheet),
      at: scTimes.completed!,
      closedAt: scTimes.completed!,
    });
  if (uaStatus === "COMPLETED")
    found.push({
      taskId: uaId,
      kind: "UNIFIED_ASSESSMENT",
      findings: problemFindings(uaSheet),
      at: uaTimes.completed!,
      closedAt: uaTimes.completed!,
    });

  // 明察暗访
  if (rng.chance(options.inspectionShare)) {
    const uiAssigned = new Date(Date.UTC(year, 6, 15, 1) + rng.int(0, 30) * DAY);
    const reported = sheets
      .sheet(rng, v.rubric, rng.int(1, 2), { context: sheetContext(v, "UNANNOUNCED_INSPECTION") })
      .findings.filter((f) => !f.bonus);
    const uiTimes = timesFor(rng, "COMPLETED", uiAssigned, plus(uiAssigned, 20), false);
    const uiId = book.task({
      ...base,
      kind: "UNANNOUNCED_INSPECTION",
      status: "COMPLETED",
      assigneeId: v.assessorId,
      assignedById: v.managerId,
      assignedAt: uiAssigned,
      dueAt: d.recheckDue,
      times: uiTimes,
      report: "暗访发现问题已登记，详见问题清单。",
      reported: reported.map((f) => ({ at: uiTimes.started!, detail: `${f.indicatorCode}/${f.ruleCode}: ${f.text}` })),
    });
    found.push({
      taskId: uiId,
      kind: "UNANNOUNCED_INSPECTION",
      findings: reported,
      at: uiTimes.started!,
      closedAt: uiTimes.completed!,
    });
  }
  found.sort((a, b) => a.at.getTime() - b.at.getTime());
  const problems = found.flatMap((f) => book.problems(campaign.id, f.taskId, f.kind, v.venueId, f.findings, f.at));
  if (!problems.length) return;
  rectify(book, rng, campaign, v, options, problems, new Date(Math.max(...found.map((f) => f.closedAt.getTime()))));
}

/** One rectification for all the venue's problems, then a re-check; a few stay open past their due date. */
function rectify(
  book: Workbook,
  rng: Rng,
  campaign: Campaign,
  v: VenueCast,
  options: YearOptions,
  problems: ReturnType<Workbook["problems"]>,
  foundAt: Date,
): void {
  const assignedAt = plus(foundAt, rng.int(1, 3));
  const dueAt = endOfDayAfter(assignedAt, campaign.deadlines.rectificationDays);
  const base = { campaignId: campaign.id, venueId: v.venueId, unitId: v.unitId };
  const ids = problems.map((p) => p.id);
  const outcome = rng.chance(options.overdueRectificationShare)
    ? rng.weighted({ ASSIGNED: 4, IN_PROGRESS: 6 })
    : rng.weighted({ COMPLETED: 95, SUBMITTED: 5 });
  const overdue = outcome === "ASSIGNED" || outcome === "IN_PROGRESS";
  const times = timesFor(rng, outcome, assignedAt, overdue ? plus(dueAt, -3) : plus(dueAt, -1), false);
  // Not completed by its due date (a submission still waiting for review too): escalated twice by the year's end.
  const escalations =
    outcome !== "COMPLETED" ? escalationsOf(() => book.nextTaskId(), v, dueAt, options.escalationHours) : [];
  const rectId = book.task({
    ...base,
    kind: "RECTIFICATION",
    status: outcome,
    assigneeId: v.staffId,
    assignedById: v.managerId,
    assignedAt,
    dueAt,
    times,
    report: outcome === "COMPLETED" || outcome === "SUBMITTED" ? "已按问题清单逐项整改，整改前后照片见附件。" : null,
    escalations,
    reminded: reminderOf(() => book.nextTaskId(), assignedAt, dueAt, times.completed ?? plus(dueAt, 1), v),
  });
  book.carry(rectId, ids);

  const rectified = times.submitted;
  if (!rectified || outcome !== "COMPLETED") {
    for (const p of problems) {
      const status = outcome === "SUBMITTED" ? "AWAITING_RECHECK" : "RECTIFYING";
      book.writeProblem(p, {
        status,
        failedRechecks: 0,
        rectificationTaskId: rectId,
        resolvedAt: null,
        updatedAt: rectified ?? assignedAt,
        version: status === "RECTIFYING" ? 2 : 3,
      });
    }
    return;
  }
  // 复检复查: by whoever assigned the assessments that found the problems, or the city when they were several.
  const sourceKinds = new Set<TaskKind>(problems.map((p) => p.sourceKind));
  const recheckBy =
    sourceKinds.has("UNIFIED_ASSESSMENT") && v.assessmentAssignerId !== v.managerId ? v.cityAdminId : v.managerId;
  const rcAssigned = plus(times.completed!, 1);
  const rcTimes = timesFor(rng, "COMPLETED", rcAssigned, plus(rcAssigned, 20), false);
  const verdicts = new Map(problems.map((p) => [p.id, rng.chance(0.9)]));
  const rcId = book.task({
    ...base,
    kind: "RECHECK",
    status: "COMPLETED",
    assigneeId: v.assessorId,
    assignedById: recheckBy,
    assignedAt: rcAssigned,
    dueAt: campaign.deadlines.recheckDue,
    times: rcTimes,
    report: "复检完成，结论见各问题。",
  });
  book.carry(rcId, ids, verdicts);
  for (const p of problems) {
    const resolved = verdicts.get(p.id)!;
    book.writeProblem(p, {
      status: resolved ? "RESOLVED" : "OPEN",
      failedRechecks: resolved ? 0 : 1,
      rectificationTaskId: rectId,
      resolvedAt: resolved ? rcTimes.submitted! : null,
      updatedAt: rcTimes.submitted!,
      version: 4,
      openSince: resolved ? undefined : rcTimes.submitted!,
    });
  }
}

export type { SheetFinding };
