import type { Rubric } from "@assess/domain";
import { describe, expect, it } from "vitest";
import { loadRubrics } from "./load-rubrics";

const catalog = loadRubrics();
const rubric = (code: string): Rubric => {
  const found = catalog.byCode(code);
  if (!found) throw new Error(`${code} is not shipped`);
  return found;
};
const base = (r: Rubric) => r.indicators.filter((i) => !i.bonus);
const subtotals = (r: Rubric, key: "level1" | "level2") => {
  const sums = new Map<string, number>();
  for (const i of base(r)) sums.set(i[key], (sums.get(i[key]) ?? 0) + i.points);
  return [...sums];
};

describe("the shipped 2024 rubrics", () => {
  it("are the four annexes, in annex order", () => {
    expect(catalog.years()).toEqual([2024]);
    expect(catalog.byYear(2024).map((r) => [r.code, r.venueType, r.source, r.indicators.length])).toEqual([
      ["2024-comprehensive-center", "COMPREHENSIVE_CENTER", "附件1", 24],
      ["2024-professional-subcenter", "PROFESSIONAL_SUBCENTER", "附件2", 20],
      ["2024-convenience-center", "CONVENIENCE_CENTER", "附件3", 20],
      ["2024-convenience-station", "CONVENIENCE_STATION", "附件4", 20],
    ]);
  });

  it.each(catalog.all().map((r) => [r.code, r] as const))("%s: the non-bonus indicators add up to 100", (_, r) => {
    expect(r.totalPoints).toBe(100);
    expect(base(r).reduce((sum, i) => sum + i.points, 0)).toBe(100);
  });

  // The subtotals printed in the annexes' headings, typed from the plan, not read back from the YAML's own sections.
  it.each([
    [
      "2024-comprehensive-center",
      [
        ["政务服务渠道建设", 35],
        ["政务服务模式创新", 13],
        ["政务服务数字赋能", 8],
        ["政务服务扩面增效", 17],
        ["政务服务工作基础", 12],
        ["深化“清风辽宁政务窗口”建设", 15],
      ],
    ],
    [
      "2024-professional-subcenter",
      [
        ["政务服务渠道建设", 35],
        ["政务服务模式创新", 20],
        ["政务服务数字赋能", 10],
        ["政务服务扩面增效", 8],
        ["政务服务工作基础", 10],
        ["深化“清风辽宁政务窗口”建设", 17],
      ],
    ],
    [
      "2024-convenience-center",
      [
        ["规范场所设施建设", 20],
        ["规范事项指南建设", 10],
        ["规范综合窗口建设", 20],
        ["规范窗口人员管理", 10],
        ["规范窗口对外服务", 40],
      ],
    ],
    [
      "2024-convenience-station",
      [
        ["规范场所设施建设", 20],
        ["规范事项指南建设", 10],
        ["规范综合窗口建设", 20],
        ["规范窗口人员管理", 10],
        ["规范窗口对外服务", 40],
      ],
    ],
  ])("%s: indicators add up to the level-1 subtotals printed in the annex", (code, printed) => {
    expect(subtotals(rubric(code), "level1")).toEqual(printed);
  });

  it.each([
    [
      "2024-comprehensive-center",
      [
        ["推进线下办事“只进一门”", 25],
        ["推进线上办事“一网通办”", 5],
        ["推进企业和群众诉求“一线应答”", 5],
        ["推进关联事项集成办", 5],
        ["推进容缺事项承诺办", 2],
        ["推进“不定时环节”限时办", 5],
        ["推进异地事项跨域办", 1],
        ["充分发挥政务服务平台支撑作用", 4],
        ["着力提升政务数据共享实效", 4],
        ["增强帮办代办能力", 7],
        ["丰富公共服务供给", 2],
        ["拓展增值服务内容", 8],
        ["健全政务服务工作体系", 12],
        ["推进“清风辽宁政务窗口”建设", 7],
        ["推广《办事不找关系指南》", 8],
      ],
    ],
    [
      "2024-professional-subcenter",
      [
        ["推进线下办事“只进一门”", 25],
        ["推进线上办事“一网通办”", 5],
        ["推进企业和群众诉求“一线应答”", 5],
        ["推进关联事项集成办", 5],
        ["推进容缺事项承诺办", 5],
        ["推进“不计时环节”限时办", 5],
        ["推进异地事项跨域办", 5],
        ["充分发挥政务服务平台支撑作用", 5],
        ["着力提升政务数据共享实效", 5],
        ["增强帮办代办能力", 8],
        ["健全政务服务工作体系", 10],
        ["推进“清风辽宁政务窗口”建设", 7],
        ["推广《办事不找关系指南》", 10],
      ],
    ],
  ])("%s: indicators add up to the level-2 subtotals printed in the annex", (code, printed) => {
    expect(subtotals(rubric(code), "level2")).toEqual(printed);
  });

  it.each([
    ["2024-comprehensive-center", "I24", "在政务服务工作方面，"],
    ["2024-professional-subcenter", "I20", "在政务服务方面，"],
  ])("%s: the 加分项 row is %s, last, with national/provincial/pilot BONUS rules", (code, last, opening) => {
    const r = rubric(code);
    const bonus = r.indicators.at(-1)!;
    expect(r.bonusCap).toBe(5);
    expect(r.indicators.filter((i) => i.bonus)).toEqual([bonus]);
    expect(bonus).toMatchObject({ code: last, level1: "加分项", level2: "创新举措", points: 5, methods: ["EVIDENCE"] });
    expect(bonus.requirement.startsWith(opening)).toBe(true);
    expect(bonus.rules.map((rule) => [rule.code, rule.kind, rule.points])).toEqual([
      ["R1", "BONUS", 5],
      ["R2", "BONUS", 3],
      ["R3", "BONUS", 1],
    ]);
    expect(bonus.rules[0].text).toBe("有关措施做法国家作为典型经验在全国推广的，每项加5分");
  });

  it.each(["2024-convenience-center", "2024-convenience-station"])(
    "%s has no bonus row and a bonus cap of 0",
    (code) => {
      expect(rubric(code).bonusCap).toBe(0);
      expect(rubric(code).indicators.some((i) => i.bonus || i.rules.some((rule) => rule.kind === "BONUS"))).toBe(false);
    },
  );

  it("splits each 评分标准 cell into one rule per criterion, 扣完为止 staying with the rule it follows", () => {
    const c = rubric("2024-comprehensive-center");
    expect(c.indicators[0].rules).toEqual([
      { code: "R1", kind: "FIXED", points: 3, text: "未合理设置无差别综合窗口和分领域综合窗口的，扣3分。" },
      { code: "R2", kind: "FIXED", points: 2, text: "设置的“综合窗口”未实现实质性运行的，扣2分。" },
    ]);
    expect(c.indicators[0].methods).toEqual(["ON_SITE", "UNANNOUNCED"]);
    expect(c.indicators[12].rules.map((rule) => rule.text)).toEqual([
      "未实现线上线下办事指南同源发布、同步更新的，每事项扣0.5分。",
      "事项办理线上线下不一致的，每事项扣0.5分。扣完为止。",
    ]);
    expect(c.indicators[14].rules.map((rule) => [rule.kind, rule.points])).toEqual([
      ["FIXED", 3],
      ["FIXED", 3],
      ["FIXED", 2],
    ]);
    const supervision = rubric("2024-convenience-center").indicators[19];
    expect(supervision.rules.map((rule) => [rule.kind, rule.points, rule.text])).toEqual([
      ["FIXED", 2, "未公开人员信息的，扣2分"],
      ["FIXED", 2, "未设置“好差评”二维码、意见箱或意见簿的，扣2分"],
      ["PER_OCCURRENCE", 1, "对群众诉求问题不能及时核查、整改、反馈的，每件次扣1分，扣完为止。"],
    ]);
  });

  it("limits exactly one rule to 社区 stations: 附件4 I13 R2 (社区综合窗口未执行AB岗工作制度)", () => {
    const limited = catalog
      .all()
      .flatMap((r) =>
        r.indicators.flatMap((i) =>
          i.rules.filter((rule) => rule.onlyFor).map((rule) => [r.code, i.code, rule.code, rule.onlyFor]),
        ),
      );
    expect(limited).toEqual([["2024-convenience-station", "I13", "R2", "COMMUNITY"]]);
    const i13 = rubric("2024-convenience-station").indicators[12];
    expect(i13.requirement).toContain("社区便民服务站综合窗口应实行A、B岗双重保障工作机制");
    expect(i13.rules[1].text.startsWith("社区综合窗口")).toBe(true);
    // The same rule of 附件3 (township centres) is not limited: every 便民服务中心 runs A/B posts.
    expect(rubric("2024-convenience-center").indicators[12].rules[1]).not.toHaveProperty("onlyFor");
  });

  it("carries the mends listed in rubrics/2024/NOTES.md", () => {
    expect(rubric("2024-comprehensive-center").indicators[15].requirement).toContain("与企业和群众生产生活");
    expect(rubric("2024-professional-subcenter").indicators[9].level2).toBe("推进“不计时环节”限时办");
    expect(rubric("2024-comprehensive-center").sections.map((s) => s.level1)).toContain("政务服务工作基础");
  });

  it("serves lookups and hands out frozen rubrics", () => {
    expect(catalog.forVenue(2024, "CONVENIENCE_STATION")?.code).toBe("2024-convenience-station");
    expect(catalog.forVenue(2023, "CONVENIENCE_STATION")).toBeUndefined();
    expect(catalog.byCode("2024-nowhere")).toBeUndefined();
    expect(catalog.byYear(2023)).toEqual([]);
    const r = rubric("2024-comprehensive-center");
    expect(() => {
      (r.indicators[0] as { points: number }).points = 50;
    }).toThrow(TypeError);
  });
});
