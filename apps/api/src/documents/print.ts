import type { ProblemStatus, TaskKind, TaskStatus, VenueType } from "@assess/domain";
import type ExcelJS from "exceljs";

/** The plan's names, as a printed document says them. */
export const VENUE_TYPE_NAMES: Record<VenueType, string> = {
  COMPREHENSIVE_CENTER: "综合政务服务中心",
  PROFESSIONAL_SUBCENTER: "专业分中心",
  CONVENIENCE_CENTER: "便民服务中心",
  CONVENIENCE_STATION: "便民服务站",
};
export const TASK_KIND_NAMES: Record<TaskKind, string> = {
  SELF_CHECK: "自检评估",
  UNIFIED_ASSESSMENT: "统一考核",
  UNANNOUNCED_INSPECTION: "明察暗访",
  RECTIFICATION: "整改",
  RECHECK: "复检",
  ANNUAL_REPORT: "年度报告",
};
export const TASK_STATUS_NAMES: Record<TaskStatus, string> = {
  ASSIGNED: "已下达",
  IN_PROGRESS: "办理中",
  SUBMITTED: "待审核",
  RETURNED: "已退回",
  COMPLETED: "已完成",
  CANCELLED: "已取消",
};
export const PROBLEM_STATUS_NAMES: Record<ProblemStatus, string> = {
  OPEN: "待整改",
  RECTIFYING: "整改中",
  AWAITING_RECHECK: "待复检",
  RESOLVED: "已整改",
};
export const UNIT_KIND_NAMES: Record<string, string> = {
  CITY: "市本级",
  DISTRICT: "县（市、区）",
  DEPARTMENT: "市直部门",
  TOWNSHIP: "乡镇（街道）",
  VILLAGE: "村（社区）",
};
export const METHOD_NAMES: Record<string, string> = {
  ON_SITE: "现场检查",
  UNANNOUNCED: "明察暗访",
  BACKEND: "后台验证",
  EVIDENCE: "证明材料",
};

/** Everything printed is in Beijing time (Asia/Shanghai, no daylight saving). */
const SHANGHAI_MS = 8 * 3_600_000;
const wall = (d: Date) => new Date(d.getTime() + SHANGHAI_MS);

/** 2024年6月3日 */
export const chineseDate = (d: Date) => {
  const w = wall(d);
  return `${w.getUTCFullYear()}年${w.getUTCMonth() + 1}月${w.getUTCDate()}日`;
};
/** 2024-06-03 14:05 */
export const shanghaiMinute = (d: Date) => wall(d).toISOString().replace("T", " ").slice(0, 16);

/** A date for a spreadsheet cell: Excel keeps no time zone, so the cell holds Beijing wall time (headers say so). */
export const excelDate = (d: Date | null) => (d ? wall(d) : null);
export const DATE_FORMAT = "yyyy-mm-dd";
export const DATE_TIME_FORMAT = "yyyy-mm-dd hh:mm";

/** Points as printed: one decimal place at most where the rubric has halves, always fixed in a spreadsheet. */
export const POINTS_FORMAT = "0.0";
export const SCORE_FORMAT = "0.00";
export const points = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(1));

/** How wide a text is in spreadsheet columns: a Chinese character takes two. */
export function textWidth(text: string): number {
  let w = 0;
  for (const ch of text) w += /[\u2e80-\u9fff\uff00-\uffef\u3000-\u303f]/.test(ch) ? 2 : 1;
  return w;
}

/**
 * Column widths that fit their text (Chinese counted double) between `min` and `max`; a longer text wraps. The header
 * row wraps too, so that long Chinese headers do not widen a column of numbers.
 */
export function fitColumns(
  sheet: ExcelJS.Worksheet,
  opts: { min?: number; max?: number; headerRow?: number } = {},
): void {
  const { min = 6, max = 40, headerRow = 1 } = opts;
  sheet.columns.forEach((column, i) => {
    let width = min;
    column.eachCell?.({ includeEmpty: false }, (cell, row) => {
      if (row <= headerRow) return;
      const text = cell.text ?? "";
      for (const line of text.split("\n")) width = Math.max(width, textWidth(line) + 2);
    });
    const header = sheet.getRow(headerRow).getCell(i + 1).text ?? "";
    // A header may wrap onto two lines rather than widen a column of figures.
    width = Math.max(width, Math.ceil(textWidth(header) / 2) + 2);
    column.width = Math.min(max, width);
  });
  const header = sheet.getRow(headerRow);
  header.font = { bold: true };
  header.alignment = { vertical: "middle", horizontal: "center", wrapText: true };
  header.height = 36;
}

/**
 * Row heights for wrapped text: spreadsheet readers do not all grow a row to fit (LibreOffice keeps the default), so each
 * row is given the lines its longest wrapped cell needs, at 16 points a line (a CJK font's line at 11 points), and every
 * cell of it is set at the top, so that a row's cells start on one line.
 */
export function fitRowHeights(sheet: ExcelJS.Worksheet, fromRow: number, wrapped: number[]): void {
  sheet.eachRow((row, n) => {
    if (n < fromRow) return;
    let lines = 1;
    for (const c of wrapped) {
      const width = Math.max(1, (sheet.getColumn(c).width ?? 10) - 1);
      const text = row.getCell(c).text ?? "";
      lines = Math.max(
        lines,
        text.split("\n").reduce((k, line) => k + Math.max(1, Math.ceil(textWidth(line) / width)), 0),
      );
    }
    if (lines > 1) row.height = lines * 16;
    row.eachCell({ includeEmpty: true }, (cell) => (cell.alignment = { ...cell.alignment, vertical: "top" }));
  });
}

/**
 * A4 landscape, fitted to the page's width (as many pages down as it takes), the header rows and the first columns
 * (the names) repeated on every page, gridlines and page numbers printed.
 */
export function printable(
  sheet: ExcelJS.Worksheet,
  opts: { titleRows: string; titleColumns?: string; portrait?: boolean; footer?: string },
): void {
  sheet.pageSetup = {
    ...sheet.pageSetup,
    paperSize: 9, // A4
    orientation: opts.portrait ? "portrait" : "landscape",
    fitToPage: true,
    fitToWidth: 1,
    fitToHeight: 0,
    printTitlesRow: opts.titleRows,
    ...(opts.titleColumns ? { printTitlesColumn: opts.titleColumns } : {}),
    showGridLines: true,
    horizontalCentered: true,
    margins: { left: 0.4, right: 0.4, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
  };
  sheet.headerFooter = { oddFooter: `${opts.footer ? `${opts.footer}  ` : ""}第 &P 页，共 &N 页` };
}

/** Thin borders on every cell of a block, as a printed table has them. */
export function bordered(sheet: ExcelJS.Worksheet, fromRow: number, toRow: number, columns: number): void {
  const thin = { style: "thin" as const };
  for (let r = fromRow; r <= toRow; r++) {
    const row = sheet.getRow(r);
    for (let c = 1; c <= columns; c++) row.getCell(c).border = { top: thin, left: thin, bottom: thin, right: thin };
  }
}

/** A header line for a download: ASCII fallback and the Chinese name (RFC 5987). */
export const attachment = (ascii: string, name: string) =>
  `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
export const DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
export const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
