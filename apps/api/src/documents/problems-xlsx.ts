import type { CampaignEntity } from "@assess/data";
import type { ProblemStatus, TaskKind, VenueType } from "@assess/domain";
import ExcelJS from "exceljs";
import {
  DATE_FORMAT,
  PROBLEM_STATUS_NAMES,
  TASK_KIND_NAMES,
  VENUE_TYPE_NAMES,
  bordered,
  chineseDate,
  excelDate,
  fitColumns,
  fitRowHeights,
  printable,
} from "./print";

export interface ProblemRow {
  id: number;
  venueName: string;
  venueType: VenueType;
  unitName: string;
  indicatorCode: string;
  ruleText: string;
  description: string;
  sourceKind: TaskKind;
  status: ProblemStatus;
  dueAt: Date | null;
  recurrence: number;
  foundAt: Date;
  resolvedAt: Date | null;
}

/** The column headers of the 问题清单, in order (the tests read the file back by them). */
export const PROBLEM_HEADERS = [
  "序号",
  "场所",
  "场所类型",
  "所属单位",
  "指标",
  "扣分规则",
  "问题描述",
  "来源",
  "发现日期",
  "状态",
  "整改期限",
  "整改完成日期",
  "重复出现次数",
  "问题编号",
];

const WIDTHS = [5, 16, 10, 16, 5, 28, 24, 8, 11, 7, 11, 11, 6, 7];

/** The 问题清单 as a workbook: a title, the header row repeated on every A4 landscape page, a filter on every column. */
export async function problemsXlsx(
  campaign: CampaignEntity,
  unitName: string | null,
  status: ProblemStatus | null,
  rows: ProblemRow[],
  now: Date,
): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = "政务服务中心标准化建设考核评价平台";
  wb.created = now;
  const sheet = wb.addWorksheet("问题清单", { views: [{ state: "frozen", ySplit: 2, xSplit: 2 }] });
  const title = `${campaign.name}问题清单${unitName ? `（${unitName}）` : ""}${status ? `（${PROBLEM_STATUS_NAMES[status]}）` : ""}`;
  sheet.addRow([title]);
  sheet.mergeCells(1, 1, 1, PROBLEM_HEADERS.length);
  const titleRow = sheet.getRow(1);
  titleRow.font = { bold: true, size: 16 };
  titleRow.alignment = { horizontal: "center", vertical: "middle" };
  titleRow.height = 30;
  sheet.addRow(PROBLEM_HEADERS);
  rows.forEach((r, i) =>
    sheet.addRow([
      i + 1,
      r.venueName,
      VENUE_TYPE_NAMES[r.venueType],
      r.unitName,
      r.indicatorCode,
      r.ruleText,
      r.description,
      TASK_KIND_NAMES[r.sourceKind],
      excelDate(r.foundAt),
      PROBLEM_STATUS_NAMES[r.status],
      excelDate(r.dueAt) ?? "未安排",
      excelDate(r.resolvedAt) ?? "",
      r.recurrence,
      r.id,
    ]),
  );
  for (const c of [9, 11, 12]) sheet.getColumn(c).numFmt = DATE_FORMAT;
  fitColumns(sheet, { headerRow: 2, max: 36 });
  // Widths for an A4 landscape page at about nine-tenths: the long texts wrap within their columns.
  WIDTHS.forEach((w, i) => (sheet.getColumn(i + 1).width = Math.min(w, sheet.getColumn(i + 1).width ?? w)));
  for (const c of [2, 4, 6, 7]) sheet.getColumn(c).alignment = { wrapText: true, vertical: "top" };
  fitRowHeights(sheet, 3, [2, 4, 6, 7]);
  sheet.autoFilter = { from: { row: 2, column: 1 }, to: { row: 2, column: PROBLEM_HEADERS.length } };
  bordered(sheet, 2, rows.length + 2, PROBLEM_HEADERS.length);
  sheet.addRow([]);
  sheet.addRow([`共 ${rows.length} 个问题。日期为北京时间；导出于 ${chineseDate(now)}。`]);
  printable(sheet, { titleRows: "1:2", titleColumns: "A:B", footer: title });
  return Buffer.from(await wb.xlsx.writeBuffer());
}
