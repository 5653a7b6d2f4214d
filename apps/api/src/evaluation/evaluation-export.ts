import { VENUE_TYPES, type VenueType } from "@assess/domain";
import ExcelJS from "exceljs";
import {
  DATE_TIME_FORMAT,
  SCORE_FORMAT,
  VENUE_TYPE_NAMES as TYPE_NAMES,
  bordered,
  excelDate,
  fitColumns,
  fitRowHeights,
  printable,
} from "../documents/print";
import type { EntryRow } from "./evaluation.service";
import type { AnnualEvaluationType } from "./evaluation.types";

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
  byType?: Partial<
    Record<VenueType, { venues: number; assessed: number; mean: number; weight: number; share: number }>
  >;
  penalties?: Partial<Record<(typeof PENALTIES)[number][0], { count: number; points: number }>>;
  penaltyRaw?: number;
  inflatedSelfChecks?: { venueId: number; venueName: string; selfCheck: number; assessment: number }[];
}

/** The column headers of the ranking sheet, in order (the tests read the file back by them). */
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
];
/** The sheet of each venue type's figures: venues, assessed, mean score, weight share. */
export const BY_TYPE_HEADERS = [
  "排名",
  "单位",
  ...VENUE_TYPES.flatMap((t) => [
    `${TYPE_NAMES[t]}场所数`,
    `${TYPE_NAMES[t]}已考核`,
    `${TYPE_NAMES[t]}平均分`,
    `${TYPE_NAMES[t]}权重占比`,
  ]),
];
/** The sheet of the points each penalty took. */
export const PENALTY_HEADERS = [
  "排名",
  "单位",
  ...PENALTIES.map(([, name]) => `${name}扣分`),
  "扣分合计（封顶前）",
  "自查工作不实场所（自查分/考核分）",
];

/** Where a type had venues but none assessed there is no mean to print: 未考核, not 0; without venues, a dash. */
const meanOf = (x: { venues: number; assessed: number; mean: number } | undefined) =>
  !x || x.venues === 0 ? "—" : x.assessed === 0 ? "未考核" : x.mean;

/** A sheet of the workbook: its rows under a header, printable (A4 landscape, one page wide, header and unit on every page). */
function addSheet(
  wb: ExcelJS.Workbook,
  name: string,
  footer: string,
  headers: string[],
  rows: unknown[][],
  formats: (header: string) => string | undefined,
  portrait = false,
) {
  const sheet = wb.addWorksheet(name, { views: [{ state: "frozen", ySplit: 1, xSplit: 2 }] });
  sheet.addRow(headers);
  for (const r of rows) sheet.addRow(r);
  headers.forEach((h, i) => {
    const format = formats(h);
    if (format) sheet.getColumn(i + 1).numFmt = format;
  });
  fitColumns(sheet, { min: 6, max: 40 });
  sheet.getColumn(1).width = 6;
  bordered(sheet, 1, rows.length + 1, headers.length);
  printable(sheet, { titleRows: "1:1", titleColumns: "A:B", footer: `${footer} ${name}`, portrait });
  return sheet;
}

/**
 * The ranking (年度综合评价结果) in sheets that print legibly on A4: the ranking with what each unit lost, each venue
 * type's figures, the points of each penalty, and the policy and inputs the run used.
 */
export async function evaluationWorkbook(
  campaignName: string,
  run: AnnualEvaluationType,
  entries: EntryRow[],
): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = "政务服务中心标准化建设考核评价平台";
  wb.created = run.computedAt;
  const breakdown = (e: EntryRow) => (e.breakdown ?? {}) as Breakdown;
  const scores = (h: string) =>
    /得分|平均分/.test(h) ? SCORE_FORMAT : /扣分/.test(h) ? "0.0" : /权重占比/.test(h) ? "0.0%" : undefined;
  addSheet(
    wb,
    "综合评价排名",
    campaignName,
    RANKING_HEADERS,
    entries.map((e) => [
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
    ]),
    scores,
  );
  addSheet(
    wb,
    "各类场所得分",
    campaignName,
    BY_TYPE_HEADERS,
    entries.map((e) => [
      e.rank,
      e.unitName,
      ...VENUE_TYPES.flatMap((t) => {
        const x = breakdown(e).byType?.[t];
        return [x?.venues ?? 0, x?.assessed ?? 0, meanOf(x), x && x.venues > 0 ? x.share : "—"];
      }),
    ]),
    scores,
  );
  const penalties = addSheet(
    wb,
    "扣分明细",
    campaignName,
    PENALTY_HEADERS,
    entries.map((e) => [
      e.rank,
      e.unitName,
      ...PENALTIES.map(([k]) => breakdown(e).penalties?.[k]?.points ?? 0),
      breakdown(e).penaltyRaw ?? null,
      (breakdown(e).inflatedSelfChecks ?? []).map((v) => `${v.venueName}（${v.selfCheck}/${v.assessment}）`).join("；"),
    ]),
    scores,
  );
  penalties.getColumn(PENALTY_HEADERS.length).alignment = { wrapText: true, vertical: "middle" };
  fitRowHeights(penalties, 2, [PENALTY_HEADERS.length]);

  const policy = run.policy as {
    weights: Record<VenueType, number>;
    penalties: Record<string, number>;
    penaltyCap: number;
    graceDays?: number;
    selfCheckGap?: number;
  };
  const inputs = run.inputs as Record<string, number | string>;
  const about = wb.addWorksheet("评价口径");
  about.columns = [{ width: 28 }, { width: 28 }];
  const rows: [string, string | number | Date | null][] = [
    ["考核年度", campaignName],
    ["计算时间（北京时间）", excelDate(run.computedAt)],
    ["数据截至（北京时间）", excelDate(run.asOf)],
    ...VENUE_TYPES.map((t): [string, number] => [`权重：${TYPE_NAMES[t]}`, policy.weights[t]]),
    // A problem left without a rectification past the grace period counts like an overdue rectification.
    ...PENALTIES.map(([k, name]): [string, number | null] => [
      `每项扣分：${name}`,
      policy.penalties[k === "unassignedProblem" ? "overdueRectification" : k] ?? null,
    ]),
    ["扣分上限", policy.penaltyCap],
    ["问题未安排整改宽限（天）", policy.graceDays ?? null],
    ["自查高于考核的容差（分）", policy.selfCheckGap ?? null],
    ["参评单位数", Number(inputs.units ?? 0)],
    ["场所数", Number(inputs.venues ?? 0)],
    ["已考核场所数", Number(inputs.assessedVenues ?? 0)],
  ];
  about.addRow(["项目", "值"]).font = { bold: true };
  for (const r of rows) {
    const row = about.addRow(r);
    if (r[1] instanceof Date) row.getCell(2).numFmt = DATE_TIME_FORMAT;
  }
  bordered(about, 1, rows.length + 1, 2);
  printable(about, { titleRows: "1:1", portrait: true, footer: `${campaignName} 评价口径` });
  return Buffer.from(await wb.xlsx.writeBuffer());
}
