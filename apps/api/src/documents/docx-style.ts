import {
  AlignmentType,
  BorderStyle,
  Paragraph,
  TableCell,
  TextRun,
  VerticalAlign,
  WidthType,
  type IParagraphOptions,
  type IRunOptions,
} from "docx";

/**
 * Chinese official typography (GB/T 9704): the title in 方正小标宋 (二号, 22 pt), headings in 黑体 and 楷体 (三号, 16 pt),
 * the body in 仿宋 (三号). Each font names a fallback that Word, WPS and LibreOffice have.
 */
export const FONT = {
  title: "方正小标宋简体",
  heading: "黑体",
  subheading: "楷体_GB2312",
  body: "仿宋_GB2312",
  latin: "Times New Roman",
} as const;

/** Font sizes in half-points, as docx wants them. */
export const SIZE = { title: 44, heading: 32, body: 32, small: 21, table: 20 } as const;

/** Millimetres in twentieths of a point (twips). */
export const mm = (n: number) => Math.round((n / 25.4) * 1440);

/** A4 in twips. */
export const A4 = { width: mm(210), height: mm(297) } as const;

export const run = (text: string, font: string = FONT.body, size: number = SIZE.body, extra: IRunOptions = {}) =>
  new TextRun({ text, size, font: { eastAsia: font, ascii: FONT.latin, hAnsi: FONT.latin }, ...extra });

export const para = (children: TextRun[], options: Omit<IParagraphOptions, "children"> = {}) =>
  new Paragraph({ children, ...options });

/** One table cell of text (lines split on "\n"), with the font size of tables. */
export function cell(
  text: string,
  opts: {
    width?: number;
    bold?: boolean;
    center?: boolean;
    rowSpan?: number;
    columnSpan?: number;
    size?: number;
    font?: string;
    shade?: boolean;
  } = {},
): TableCell {
  const lines = text.split("\n");
  return new TableCell({
    children: lines.map((line) =>
      para([run(line, opts.font ?? FONT.body, opts.size ?? SIZE.table, { bold: opts.bold })], {
        alignment: opts.center ? AlignmentType.CENTER : AlignmentType.LEFT,
      }),
    ),
    verticalAlign: VerticalAlign.CENTER,
    margins: { top: 40, bottom: 40, left: 60, right: 60 },
    ...(opts.width ? { width: { size: opts.width, type: WidthType.DXA } } : {}),
    ...(opts.rowSpan ? { rowSpan: opts.rowSpan } : {}),
    ...(opts.columnSpan ? { columnSpan: opts.columnSpan } : {}),
    ...(opts.shade ? { shading: { fill: "EDEDED" } } : {}),
  });
}

export const NO_BORDERS = {
  top: { style: BorderStyle.NONE, size: 0, color: "FFFFFF" },
  bottom: { style: BorderStyle.NONE, size: 0, color: "FFFFFF" },
  left: { style: BorderStyle.NONE, size: 0, color: "FFFFFF" },
  right: { style: BorderStyle.NONE, size: 0, color: "FFFFFF" },
  insideHorizontal: { style: BorderStyle.NONE, size: 0, color: "FFFFFF" },
  insideVertical: { style: BorderStyle.NONE, size: 0, color: "FFFFFF" },
};
