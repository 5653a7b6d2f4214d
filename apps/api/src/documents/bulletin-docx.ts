import type { CampaignEntity } from "@assess/data";
import type { VenueType } from "@assess/domain";
import {
  AlignmentType,
  Document,
  Footer,
  LineRuleType,
  Packer,
  PageNumber,
  Table,
  TableRow,
  TextRun,
  WidthType,
} from "docx";
import type { EntryRow } from "../evaluation/evaluation.service";
import type { AnnualEvaluationType } from "../evaluation/evaluation.types";
import { A4, FONT, SIZE, cell, mm, para, run } from "./docx-style";
import { VENUE_TYPE_NAMES, chineseDate, points } from "./print";

export interface BulletinFacts {
  campaign: CampaignEntity;
  run: AnnualEvaluationType;
  entries: EntryRow[];
  worstVenues: { name: string; type: VenueType; unitName: string; problems: number; open: number }[];
  lateByUnit: { unitName: string; late: number; overdueRectifications: number }[];
}

/** Who issues the 通报 (the plan's 市营商局). */
export const ISSUER = "市营商环境建设局";

export const bulletinTitle = (campaign: CampaignEntity) => `关于${campaign.name}结果的通报`;

const LOSSES = [
  ["overdueRectifications", "逾期整改", "件"],
  ["failedRechecks", "复检未通过", "次"],
  ["recurringProblems", "问题反复出现", "个"],
  ["unannouncedProblems", "明察暗访发现问题", "个"],
  ["unassignedProblems", "问题逾期未安排整改", "个"],
  ["inflatedSelfChecks", "自查工作不实", "个场所"],
] as const;

/** "逾期整改2件、复检未通过1次，扣3分", or "无扣分事项". */
export function lossesOf(e: EntryRow): string {
  const items = LOSSES.filter(([k]) => e[k] > 0).map(([k, name, unit]) => `${name}${e[k]}${unit}`);
  return items.length ? `${items.join("、")}，扣${points(e.penalty)}分` : "无扣分事项";
}

// GB/T 9704: 156 mm × 225 mm of text on A4 (margins 37 top, 35 bottom, 28 left, 26 right); body 三号仿宋,
// first lines indented two characters, 28 lines a page (a line of 28.95 pt).
const LINE = 579;
const body = (text: string) =>
  para([run(text)], {
    indent: { firstLine: 640 },
    spacing: { line: LINE, lineRule: LineRuleType.EXACT },
    alignment: AlignmentType.JUSTIFIED,
  });
const heading1 = (text: string) =>
  para([run(text, FONT.heading)], {
    indent: { firstLine: 640 },
    spacing: { line: LINE, lineRule: LineRuleType.EXACT },
  });
const heading2 = (text: string, rest: string) =>
  para([run(text, FONT.subheading), run(rest)], {
    indent: { firstLine: 640 },
    spacing: { line: LINE, lineRule: LineRuleType.EXACT },
    alignment: AlignmentType.JUSTIFIED,
  });
const WIDTH = mm(156);

function table(widths: number[], header: string[], rows: string[][]): Table {
  const scale = WIDTH / widths.reduce((a, b) => a + b, 0);
  const w = widths.map((x) => Math.round(x * scale));
  return new Table({
    width: { size: WIDTH, type: WidthType.DXA },
    columnWidths: w,
    rows: [
      new TableRow({
        tableHeader: true,
        cantSplit: true,
        children: header.map((h, i) =>
          cell(h, { width: w[i], bold: true, center: true, font: FONT.heading, size: SIZE.small, shade: true }),
        ),
      }),
      ...rows.map(
        (r) =>
          new TableRow({
            cantSplit: true,
            children: r.map((text, i) =>
              cell(text, { width: w[i], center: i !== 1 || r.length < 3, size: SIZE.small }),
            ),
          }),
      ),
    ],
  });
}

/** The 通报 of an annual evaluation as a Word document in the form of an official notice (GB/T 9704). */
export async function bulletinDocx(facts: BulletinFacts, now: Date): Promise<Buffer> {
  const { campaign, run: evaluation, entries } = facts;
  const inputs = evaluation.inputs as Record<string, number>;
  const top = entries.filter((e) => e.rank <= 3).map((e) => e.unitName);
  const bottom = entries.length > 3 ? entries.slice(-3).map((e) => e.unitName) : [];
  const lateTotal = facts.lateByUnit.reduce((n, u) => n + u.late, 0);
  const gap = () => para([run("")], { spacing: { line: LINE, lineRule: LineRuleType.EXACT } });
  const pageField = (kind: (typeof PageNumber)[keyof typeof PageNumber]) =>
    new TextRun({ children: [kind], size: 28, font: { eastAsia: FONT.body, ascii: FONT.latin, hAnsi: FONT.latin } });

  const children = [
    para([run(bulletinTitle(campaign), FONT.title, SIZE.title)], {
      alignment: AlignmentType.CENTER,
      spacing: { before: 0, after: LINE, line: 700, lineRule: LineRuleType.EXACT },
    }),
    para([run("各县（市、区）营商环境建设局，市直各有关部门：")], {
      spacing: { line: LINE, lineRule: LineRuleType.EXACT },
    }),
    body(
      `按照${campaign.name}工作方案要求，${ISSUER}综合运用统一考核和明察暗访结果，对各地区、市直相关部门政务服务工作进行了年度综合评价（数据截至${chineseDate(evaluation.asOf)}）。现将有关情况通报如下：`,
    ),
    heading1("一、总体情况"),
    body(
      `本次共对${entries.length}个单位进行综合评价，涉及政务服务场所${inputs.venues ?? 0}个，其中已完成统一考核${inputs.assessedVenues ?? 0}个。` +
        (top.length ? `${top.join("、")}位列前三名。` : "") +
        (bottom.length ? `${bottom.join("、")}排名靠后，需进一步加强工作。` : "") +
        `截至评价时，逾期未完成整改的问题共${lateTotal}件。`,
    ),
    heading1("二、综合评价结果"),
    body(
      "综合得分为各类场所统一考核平均分按权重计算后，扣除逾期整改、复检未通过、问题反复出现等事项扣分所得。各单位排名如下：",
    ),
    table(
      [6, 26, 11, 11, 7, 33],
      ["排名", "单位", "综合得分", "考核得分", "扣分", "扣分事项"],
      entries.map((e) => [
        String(e.rank),
        e.unitName,
        e.score.toFixed(2),
        e.assessmentScore.toFixed(2),
        points(e.penalty),
        lossesOf(e),
      ]),
    ),
    gap(),
    heading1("三、问题较多的场所"),
    body(
      facts.worstVenues.length
        ? "本年度考核中发现问题较多的场所如下，请相关单位督促其抓紧整改："
        : "本年度考核中未发现问题。",
    ),
    ...(facts.worstVenues.length
      ? [
          table(
            [5, 28, 14, 23, 8, 8],
            ["序号", "场所", "类型", "所属单位", "问题数", "未整改"],
            facts.worstVenues.map((v, i) => [
              String(i + 1),
              v.name,
              VENUE_TYPE_NAMES[v.type],
              v.unitName,
              String(v.problems),
              String(v.open),
            ]),
          ),
          gap(),
        ]
      : []),
    heading1("四、逾期整改情况"),
    body(lateTotal ? "各单位逾期整改情况如下（件）：" : "本年度无逾期整改。"),
    ...(lateTotal
      ? [
          table(
            [8, 40, 26],
            ["序号", "单位", "逾期整改（件）"],
            facts.lateByUnit.filter((u) => u.late > 0).map((u, i) => [String(i + 1), u.unitName, String(u.late)]),
          ),
          gap(),
        ]
      : []),
    heading1("五、工作要求"),
    heading2(
      "（一）抓好问题整改。",
      "各地区、各部门要对照问题清单逐项制定整改措施，明确责任人和完成时限，按期完成整改并接受复检，确保问题见底清零。",
    ),
    heading2(
      "（二）巩固提升成效。",
      "排名靠前的单位要总结经验、保持优势；排名靠后的单位要认真查找差距，补齐短板，切实提升政务服务质效。",
    ),
    heading2("（三）严肃工作纪律。", "对存在工作不实、弄虚作假的，予以严肃通报。"),
    gap(),
    gap(),
    para([run(ISSUER)], {
      alignment: AlignmentType.RIGHT,
      indent: { right: 1280 },
      spacing: { line: LINE, lineRule: LineRuleType.EXACT },
    }),
    para([run(chineseDate(now))], {
      alignment: AlignmentType.RIGHT,
      indent: { right: 1280 },
      spacing: { line: LINE, lineRule: LineRuleType.EXACT },
    }),
  ];

  const doc = new Document({
    creator: "政务服务中心标准化建设考核评价平台",
    title: bulletinTitle(campaign),
    styles: {
      default: {
        document: { run: { font: { eastAsia: FONT.body, ascii: FONT.latin, hAnsi: FONT.latin }, size: SIZE.body } },
      },
    },
    sections: [
      {
        properties: {
          page: {
            size: { width: A4.width, height: A4.height },
            margin: { top: mm(37), bottom: mm(35), left: mm(28), right: mm(26), footer: mm(20) },
          },
        },
        footers: {
          default: new Footer({
            children: [
              para(
                [
                  new TextRun({ text: "— ", size: 28 }),
                  pageField(PageNumber.CURRENT),
                  new TextRun({ text: " —", size: 28 }),
                ],
                { alignment: AlignmentType.CENTER },
              ),
            ],
          }),
        },
        children,
      },
    ],
  });
  return Packer.toBuffer(doc);
}
