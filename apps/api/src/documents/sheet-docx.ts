import type { FindingEntity } from "@assess/data";
import { scoreSheet, type Indicator, type Rubric, type TaskKind } from "@assess/domain";
import {
  AlignmentType,
  Document,
  Footer,
  Packer,
  PageNumber,
  PageOrientation,
  Table,
  TableRow,
  TextRun,
  WidthType,
} from "docx";
import { A4, FONT, NO_BORDERS, SIZE, cell, mm, para, run } from "./docx-style";
import { METHOD_NAMES, TASK_KIND_NAMES, chineseDate, points } from "./print";

/** What a printed 评分表 says about its task. */
export interface SheetFacts {
  taskId: number;
  kind: TaskKind;
  rubric: Rubric;
  venueName: string;
  /** The venue's unit and its ancestors, e.g. "铁东区 / 解放街道". */
  unitName: string;
  assessor: string;
  assignedBy: string | null;
  assignedAt: Date;
  submittedAt: Date | null;
  completedAt: Date | null;
  status: string;
  findings: FindingEntity[];
  /** Deduction indicators marked examined (passed or with findings). */
  examined: string[];
}

// Columns of the scoring table (twips), 257 mm in all: A4 landscape within 20 mm margins.
const W = {
  level1: 1300,
  level2: 1500,
  requirement: 3300,
  rules: 3600,
  methods: 1000,
  points: 650,
  lost: 650,
  why: 1900,
  score: 670,
} as const;
const HEADERS: [keyof typeof W, string][] = [
  ["level1", "一级指标"],
  ["level2", "二级指标"],
  ["requirement", "三级指标"],
  ["rules", "评分标准"],
  ["methods", "考核方式"],
  ["points", "分值"],
  ["lost", "扣分"],
  ["why", "扣分情况"],
  ["score", "得分"],
];

/** The sheet's title: the annex's own heading, a 考核评分表 instead of the 考核指标 it lists. */
export const sheetTitle = (rubric: Rubric) => rubric.title.replace(/考核指标$/, "考核评分表");

/** "第2条×3，扣1.5分：窗口未公示" for each finding of an indicator. */
function findingLines(indicator: Indicator, findings: FindingEntity[], bonus: boolean): string[] {
  return findings
    .filter((f) => f.indicatorCode === indicator.code)
    .map((f) => {
      const n = indicator.rules.findIndex((r) => r.code === f.ruleCode) + 1;
      const times = f.occurrences > 1 ? `×${f.occurrences}` : "";
      const amount = `${bonus ? "加" : "扣"}${points(Math.abs(Number(f.deduction)))}分`;
      return `第${n}条${times}，${amount}${f.note ? `：${f.note}` : ""}`;
    });
}

/** Where each run of equal keys starts, and how many rows it spans (a merged cell's rowSpan). */
function runs(keys: string[]): Map<number, number> {
  const spans = new Map<number, number>();
  let start = 0;
  keys.forEach((k, i) => {
    if (i === 0 || keys[i - 1] !== k) start = i;
    spans.set(start, i - start + 1);
  });
  return spans;
}

/** Level-1 and level-2 headings of the annex, merged down the rows they cover, with the subtotals it prints. */
function spans(rubric: Rubric, indicators: Indicator[]) {
  const level1 = runs(indicators.map((i) => i.level1));
  const level2 = runs(indicators.map((i) => `${i.level1}\u0000${i.level2}`));
  const section = (ind: Indicator) => rubric.sections.find((s) => s.level1 === ind.level1);
  const heading1 = (ind: Indicator) => `${ind.level1}\n（${points(section(ind)?.points ?? 0)}分）`;
  const heading2 = (ind: Indicator) => {
    const p = section(ind)?.groups.find((g) => g.level2 === ind.level2)?.points;
    return p === undefined ? ind.level2 : `${ind.level2}\n（${points(p)}分）`;
  };
  return { level1, level2, heading1, heading2 };
}

/** The 评分表 of a scoring task as a Word document: A4 landscape, the annex's table with what was found, signatures. */
export async function sheetDocx(facts: SheetFacts): Promise<Buffer> {
  const { rubric, findings } = facts;
  const score = scoreSheet(rubric, findings);
  const byCode = new Map(score.indicators.map((s) => [s.indicatorCode, s]));
  const examined = new Set([...facts.examined, ...findings.map((f) => f.indicatorCode)]);
  const deductions = rubric.indicators.filter((i) => !i.bonus);
  const bonuses = rubric.indicators.filter((i) => i.bonus);
  const { level1, level2, heading1, heading2 } = spans(rubric, deductions);

  const header = new TableRow({
    tableHeader: true,
    cantSplit: true,
    children: HEADERS.map(([k, name]) =>
      cell(name, { width: W[k], bold: true, center: true, font: FONT.heading, shade: true }),
    ),
  });
  const rows = deductions.map((ind, i) => {
    const s = byCode.get(ind.code)!;
    const lines = findingLines(ind, findings, false);
    const raw = findings.filter((f) => f.indicatorCode === ind.code).reduce((sum, f) => sum + Number(f.deduction), 0);
    const why = lines.length
      ? lines.join("\n") + (raw > s.points ? "\n（扣完为止）" : "")
      : examined.has(ind.code)
        ? "无"
        : "未检查";
    const checked = examined.has(ind.code);
    return new TableRow({
      cantSplit: true,
      children: [
        ...(level1.has(i) ? [cell(heading1(ind), { width: W.level1, rowSpan: level1.get(i), center: true })] : []),
        ...(level2.has(i) ? [cell(heading2(ind), { width: W.level2, rowSpan: level2.get(i), center: true })] : []),
        cell(ind.requirement, { width: W.requirement }),
        cell(ind.rules.map((r, n) => `${n + 1}. ${r.text}`).join("\n"), { width: W.rules }),
        cell(ind.methods.map((m) => METHOD_NAMES[m] ?? m).join("\n"), { width: W.methods, center: true }),
        cell(points(ind.points), { width: W.points, center: true }),
        cell(checked ? points(s.deducted) : "—", { width: W.lost, center: true }),
        cell(why, { width: W.why }),
        cell(checked ? points(s.score) : "—", { width: W.score, center: true }),
      ],
    });
  });
  const bonusRows = bonuses.map(
    (ind, i) =>
      new TableRow({
        cantSplit: true,
        children: [
          ...(i === 0
            ? [
                cell(`加分项\n（${points(rubric.bonusCap)}分）`, {
                  width: W.level1,
                  rowSpan: bonuses.length,
                  center: true,
                }),
              ]
            : []),
          cell(ind.level2, { width: W.level2, center: true }),
          cell(ind.requirement, { width: W.requirement }),
          cell(ind.rules.map((r, n) => `${n + 1}. ${r.text}`).join("\n"), { width: W.rules }),
          cell(ind.methods.map((m) => METHOD_NAMES[m] ?? m).join("\n"), { width: W.methods, center: true }),
          cell(points(ind.points), { width: W.points, center: true }),
          cell("—", { width: W.lost, center: true }),
          cell(findingLines(ind, findings, true).join("\n") || "无", { width: W.why }),
          cell(`+${points(score.bonus)}`, { width: W.score, center: true }),
        ],
      }),
  );
  const total = new TableRow({
    cantSplit: true,
    children: [
      cell("合计", { columnSpan: 5, bold: true, center: true, font: FONT.heading }),
      cell(points(rubric.totalPoints), { width: W.points, center: true, bold: true }),
      cell(points(score.deducted), { width: W.lost, center: true, bold: true }),
      cell(
        `扣分 ${points(score.deducted)} 分${rubric.bonusCap > 0 ? `，加分 ${points(score.bonus)} 分（加满${points(rubric.bonusCap)}分为止）` : ""}`,
        { width: W.why },
      ),
      cell(points(score.total), { width: W.score, center: true, bold: true }),
    ],
  });
  const table = new Table({
    width: { size: Object.values(W).reduce((a, b) => a + b, 0), type: WidthType.DXA },
    columnWidths: HEADERS.map(([k]) => W[k]),
    rows: [header, ...rows, ...bonusRows, total],
  });

  const label = (text: string) =>
    cell(text, { bold: true, center: true, size: SIZE.small, font: FONT.heading, shade: true });
  const value = (text: string) => cell(text, { size: SIZE.small });
  const about = new Table({
    width: { size: 14570, type: WidthType.DXA },
    columnWidths: [1600, 5685, 1600, 5685],
    rows: [
      new TableRow({ children: [label("场所名称"), value(facts.venueName), label("所属单位"), value(facts.unitName)] }),
      new TableRow({
        children: [
          label("考核类型"),
          value(TASK_KIND_NAMES[facts.kind]),
          label("任务编号"),
          value(`${facts.taskId}（${facts.status}）`),
        ],
      }),
      new TableRow({
        children: [
          label("考核人员"),
          value(facts.assessor),
          label("下达"),
          value(`${facts.assignedBy ?? "—"}，${chineseDate(facts.assignedAt)}`),
        ],
      }),
      new TableRow({
        children: [
          label("提交日期"),
          value(facts.submittedAt ? chineseDate(facts.submittedAt) : "未提交"),
          label("完成日期"),
          value(facts.completedAt ? chineseDate(facts.completedAt) : "未完成"),
        ],
      }),
    ],
  });
  const gap = (before = 120) => para([run("")], { spacing: { before, after: 0 } });
  const signature = new Table({
    width: { size: 14570, type: WidthType.DXA },
    columnWidths: [7285, 7285],
    borders: NO_BORDERS,
    rows: [
      new TableRow({
        cantSplit: true,
        children: [
          cell("考核人员（签字）：________________\n\n日期：______年____月____日", { size: SIZE.body }),
          cell("被考核场所负责人（签字）：________________\n\n日期：______年____月____日", { size: SIZE.body }),
        ],
      }),
    ],
  });

  const doc = new Document({
    creator: "政务服务中心标准化建设考核评价平台",
    title: sheetTitle(rubric),
    styles: {
      default: {
        document: { run: { font: { eastAsia: FONT.body, ascii: FONT.latin, hAnsi: FONT.latin }, size: SIZE.table } },
      },
    },
    sections: [
      {
        properties: {
          page: {
            size: { width: A4.width, height: A4.height, orientation: PageOrientation.LANDSCAPE },
            margin: { top: mm(18), bottom: mm(18), left: mm(20), right: mm(20), footer: mm(8) },
          },
        },
        footers: {
          default: new Footer({
            children: [
              para(
                [
                  run(`${facts.venueName} · ${TASK_KIND_NAMES[facts.kind]}评分表 · 第 `, FONT.body, SIZE.small),
                  pageField(PageNumber.CURRENT),
                  run(" 页，共 ", FONT.body, SIZE.small),
                  pageField(PageNumber.TOTAL_PAGES),
                  run(" 页", FONT.body, SIZE.small),
                ],
                {
                  alignment: AlignmentType.CENTER,
                },
              ),
            ],
          }),
        },
        children: [
          para([run(sheetTitle(rubric), FONT.title, SIZE.title)], {
            alignment: AlignmentType.CENTER,
            spacing: { after: 200 },
          }),
          about,
          gap(),
          table,
          gap(360),
          signature,
        ],
      },
    ],
  });
  return Packer.toBuffer(doc);
}

/** A page-number field in the footer's font. */
const pageField = (kind: (typeof PageNumber)[keyof typeof PageNumber]) =>
  new TextRun({
    children: [kind],
    size: SIZE.small,
    font: { eastAsia: FONT.body, ascii: FONT.latin, hAnsi: FONT.latin },
  });
