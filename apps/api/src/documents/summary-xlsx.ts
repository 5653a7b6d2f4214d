import type { CampaignEntity } from "@assess/data";
import { VENUE_TYPES, type Rubric, type Score, type VenueType } from "@assess/domain";
import ExcelJS from "exceljs";
import {
  DATE_FORMAT,
  POINTS_FORMAT,
  SCORE_FORMAT,
  VENUE_TYPE_NAMES,
  bordered,
  chineseDate,
  excelDate,
  fitColumns,
  fitRowHeights,
  printable,
} from "./print";

export interface SummaryVenue {
  venueName: string;
  venueCode: string;
  venueType: VenueType;
  unitName: string;
  /** The latest completed unified assessment of the campaign, or null when none. */
  assessment: { taskId: number; completedAt: Date | null; score: Score } | null;
}

export interface SummaryFacts {
  campaign: CampaignEntity;
  unitName: string;
  rubrics: Map<VenueType, Rubric>;
  venues: SummaryVenue[];
}

/** The overview's headers (the tests read the file back by them). */
export const SUMMARY_HEADERS = ["场所类型", "场所数", "已考核", "未考核", "平均分", "最高分", "最低分"];

const mean = (xs: number[]) => (xs.length ? Math.round((xs.reduce((a, b) => a + b, 0) / xs.length) * 100) / 100 : null);

function title(sheet: ExcelJS.Worksheet, text: string, columns: number) {
  sheet.addRow([text]);
  sheet.mergeCells(1, 1, 1, columns);
  const row = sheet.getRow(1);
  row.font = { bold: true, size: 14 };
  row.alignment = { horizontal: "center", vertical: "middle", wrapText: true };
  row.height = 44;
}

/**
 * The 汇总评分表 a district sends the city (plan, section 五(二)): an overview of the unit's averages by venue type, then
 * one sheet per venue type with every venue and its latest completed unified assessment, indicator by indicator.
 */
export async function summaryXlsx(facts: SummaryFacts, now: Date): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = "政务服务中心标准化建设考核评价平台";
  wb.created = now;
  const heading = `${facts.campaign.name}汇总评分表（${facts.unitName}）`;
  // The title on the page: the unit's table first, the campaign's long name on the line below.
  const titled = `${facts.unitName}汇总评分表\n${facts.campaign.name}`;

  const overview = wb.addWorksheet("汇总");
  title(overview, titled, SUMMARY_HEADERS.length);
  overview.addRow(SUMMARY_HEADERS);
  const types = VENUE_TYPES.filter((t) => facts.venues.some((v) => v.venueType === t));
  for (const type of types) {
    const venues = facts.venues.filter((v) => v.venueType === type);
    const totals = venues.flatMap((v) => (v.assessment ? [v.assessment.score.total] : []));
    overview.addRow([
      VENUE_TYPE_NAMES[type],
      venues.length,
      totals.length,
      venues.length - totals.length,
      mean(totals) ?? "未考核",
      totals.length ? Math.max(...totals) : "—",
      totals.length ? Math.min(...totals) : "—",
    ]);
  }
  for (const c of [5, 6, 7]) overview.getColumn(c).numFmt = SCORE_FORMAT;
  fitColumns(overview, { headerRow: 2, min: 10 });
  bordered(overview, 2, types.length + 2, SUMMARY_HEADERS.length);
  overview.addRow([]);
  overview.addRow([
    `每个场所取本考核年度最近一次已完成的统一考核；平均分只计已考核的场所。导出于 ${chineseDate(now)}。`,
  ]);
  printable(overview, { titleRows: "1:2", portrait: true, footer: heading });

  for (const type of types) {
    const rubric = facts.rubrics.get(type);
    if (!rubric) continue;
    const indicators = rubric.indicators.filter((i) => !i.bonus);
    const headers = [
      "序号",
      "场所",
      "场所编码",
      "所属单位",
      "考核完成日期",
      ...indicators.map((i) => `${i.code}\n${i.points}分`),
      ...(rubric.bonusCap > 0 ? [`加分\n≤${rubric.bonusCap}分`] : []),
      "总分",
    ];
    const sheet = wb.addWorksheet(VENUE_TYPE_NAMES[type], { views: [{ state: "frozen", ySplit: 2, xSplit: 2 }] });
    title(sheet, `${facts.unitName}汇总评分表：${VENUE_TYPE_NAMES[type]}\n${facts.campaign.name}`, headers.length);
    sheet.addRow(headers);
    const venues = facts.venues.filter((v) => v.venueType === type);
    venues.forEach((v, n) => {
      const s = v.assessment?.score;
      const byCode = new Map(s?.indicators.map((x) => [x.indicatorCode, x.score]) ?? []);
      sheet.addRow([
        n + 1,
        v.venueName,
        v.venueCode,
        v.unitName,
        v.assessment ? excelDate(v.assessment.completedAt) : "未考核",
        ...indicators.map((i) => (s ? (byCode.get(i.code) ?? null) : null)),
        ...(rubric.bonusCap > 0 ? [s ? s.bonus : null] : []),
        s ? s.total : "未考核",
      ]);
    });
    const assessed = venues.filter((v) => v.assessment);
    sheet.addRow([
      "",
      `平均（已考核 ${assessed.length} / ${venues.length}）`,
      "",
      "",
      "",
      ...indicators.map((i) =>
        mean(assessed.map((v) => v.assessment!.score.indicators.find((x) => x.indicatorCode === i.code)?.score ?? 0)),
      ),
      ...(rubric.bonusCap > 0 ? [mean(assessed.map((v) => v.assessment!.score.bonus))] : []),
      mean(assessed.map((v) => v.assessment!.score.total)) ?? "未考核",
    ]).font = { bold: true };
    sheet.getColumn(5).numFmt = DATE_FORMAT;
    for (let c = 6; c <= headers.length; c++) sheet.getColumn(c).numFmt = POINTS_FORMAT;
    sheet.getColumn(headers.length).numFmt = SCORE_FORMAT;
    fitColumns(sheet, { headerRow: 2, min: 5, max: 30 });
    sheet.getColumn(1).width = 5;
    // Names wrap rather than widen the page: a venue's code and unit path can be long.
    for (const [c, max] of [
      [2, 18],
      [3, 14],
      [4, 18],
    ] as const) {
      sheet.getColumn(c).width = Math.min(max, sheet.getColumn(c).width ?? max);
      sheet.getColumn(c).alignment = { wrapText: true, vertical: "top" };
    }
    fitRowHeights(sheet, 3, [2, 3, 4]);
    for (let c = 6; c <= headers.length; c++) sheet.getColumn(c).width = Math.max(6, sheet.getColumn(c).width ?? 6);
    sheet.getRow(2).height = 32;
    bordered(sheet, 2, venues.length + 3, headers.length);
    printable(sheet, { titleRows: "1:2", titleColumns: "A:B", footer: `${heading}：${VENUE_TYPE_NAMES[type]}` });
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
