import { VENUE_TYPES, type VenueType } from "@assess/domain";
import ExcelJS from "exceljs";
import type { EntryRow } from "./evaluation.service";
import type { AnnualEvaluationType } from "./evaluation.types";

const TYPE_NAMES: Record<VenueType, string> = {
  COMPREHENSIVE_CENTER: "综合政务服务中心",
  PROFESSIONAL_SUBCENTER: "专业分中心",
  CONVENIENCE_CENTER: "便民服务中心",
  CONVENIENCE_STATION: "便民服务站",
};
const UNIT_KINDS: Record<string, string> = { DISTRICT: "县（市、区）", DEPARTMENT: "市直部门" };
const PENALTIES = [
  ["overdueRectification", "逾期整改"],
  ["failedRecheck", "复检未通过"],
  ["recurringProblem", "问题反复出现"],
  ["unannouncedProblem", "明察暗访问题"],
  ["unassignedProblem", "问题逾期未安排整改"],
  ["inflatedSelfCheck", "自查工作不实"],
] as const;

interface Breakdown {
  byType?: Partial<Record<VenueType, { venues: number; assessed: number; mean: number; weight: number; share: number }>>;
  penalties?: Partial<Record<(typeof PENALTIES)[number][0], { count: number; points: number }>>;
  penaltyRaw?: number;
  inflatedSelfChecks?: { venueId: number; venueName: string; selfCheck: number; assessment: number }[];
}

/** The column headers of the ranking sheet, in order (the test reads the file back by them). */
export const RANKING_HEADERS = [
  "排名",
  "单位",
  "单位类别",
  "综合得分",
  "考核得分",
  "扣分",
  "场所数",
  "逾期整改（件）",
  "复检未通过（次）",
  "问题反复出现（个）",
  "明察暗访问题（个）",
  "问题逾期未安排整改（个）",
  "自查工作不实（场所）",
  ...VENUE_TYPES.flatMap((t) => [`${TYPE_NAMES[t]}场所数`, `${TYPE_NAMES[t]}已考核`, `${TYPE_NAMES[t]}平均分`, `${TYPE_NAMES[t]}权重占比`]),
  ...PENALTIES.map(([, name]) => `${name}扣分`),
  "扣分合计（封顶前）",
  "自查工作不实场所（自查分/考核分）",
];

const shanghai = (d: Date) => new Date(d.getTime() + 8 * 3_600_000).toISOString().replace("T", " ").slice(0, 19);

/** The ranking with each unit's breakdown (年度综合评价结果), and a sheet with the policy and inputs the run used. */
export async function evaluationWorkbook(campaignName: string, run: AnnualEvaluationType, entries: EntryRow[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = "政务服务中心标准化建设考核评价平台";
  wb.created = run.computedAt;
  const sheet = wb.addWorksheet("综合评价排名", { views: [{ state: "frozen", ySplit: 1, xSplit: 2 }] });
  sheet.addRow(RANKING_HEADERS).font = { bold: true };
  for (const e of entries) {
    const b = (e.breakdown ?? {}) as Breakdown;
    sheet.addRow([
      e.rank,
      e.unitName,
      UNIT_KINDS[e.unitKind] ?? e.unitKind,
      e.score,
      e.assessmentScore,
      e.penalty,
      e.venueCount,
      e.overdueRectifications,
      e.failedRechecks,
      e.recurringProblems,
      e.unannouncedProblems,
      e.unassignedProblems,
      e.inflatedSelfChecks,
      ...VENUE_TYPES.flatMap((t) => {
        const x = b.byType?.[t];
        return x ? [x.venues, x.assessed, x.mean, x.share] : [0, 0, null, null];
      }),
      ...PENALTIES.map(([k]) => b.penalties?.[k]?.points ?? 0),
      b.penaltyRaw ?? null,
      (b.inflatedSelfChecks ?? []).map((v) => `${v.venueName}（${v.selfCheck}/${v.assessment}）`).join("；"),
    ]);
  }
  sheet.columns.forEach((c, i) => (c.width = i === 1 ? 24 : Math.max(10, Math.min(22, RANKING_HEADERS[i]!.length * 2))));

  const policy = run.policy as { weights: Record<VenueType, number>; penalties: Record<string, number>; penaltyCap: number; graceDays?: number; selfCheckGap?: number };
  const inputs = run.inputs as Record<string, number | string>;
  const about = wb.addWorksheet("评价口径");
  about.columns = [{ width: 28 }, { width: 28 }];
  const rows: [string, string | number | null][] = [
    ["考核年度", campaignName],
    ["计算时间", shanghai(run.computedAt)],
    ["数据截至", shanghai(run.asOf)],
    ...VENUE_TYPES.map((t): [string, number] => [`权重：${TYPE_NAMES[t]}`, policy.weights[t]]),
    // A problem left without a rectification past the grace period counts like an overdue rectification.
    ...PENALTIES.map(([k, name]): [string, number | null] => [`每项扣分：${name}`, policy.penalties[k === "unassignedProblem" ? "overdueRectification" : k] ?? null]),
    ["扣分上限", policy.penaltyCap],
    ["问题未安排整改宽限（天）", policy.graceDays ?? null],
    ["自查高于考核的容差（分）", policy.selfCheckGap ?? null],
    ["参评单位数", Number(inputs.units ?? 0)],
    ["场所数", Number(inputs.venues ?? 0)],
    ["已考核场所数", Number(inputs.assessedVenues ?? 0)],
  ];
  about.addRow(["项目", "值"]).font = { bold: true };
  for (const r of rows) about.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
