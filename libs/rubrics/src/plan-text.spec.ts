import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { DEFAULT_RUBRICS_DIR, loadRubrics } from "./load-rubrics";

// The plan lives in the shared folder beside the repository (and beside CI's clone); skip where it is absent.
const PLAN = path.resolve(DEFAULT_RUBRICS_DIR, "../../shared/source/2024-assessment-plan.txt");

// The mends of rubrics/2024/NOTES.md, applied to the plan so that every transcribed text can be found in it.
const MENDS: [string, string][] = [
  ["企业and群众", "企业和群众"],
  ["推进“不时环节”限时办”", "推进“不计时环节”限时办"],
];

const squeeze = (text: string) => text.replace(/\s+/g, "");

describe.skipIf(!existsSync(PLAN))("the 2024 rubrics against the plan's text", () => {
  let plan = squeeze(existsSync(PLAN) ? readFileSync(PLAN, "utf8") : "");
  for (const [slip, mend] of MENDS) plan = plan.split(slip).join(mend);
  // Each annex is compared with its own table only, so that a row copied from the wrong annex is caught.
  const annex = (title: string) => {
    const start = plan.lastIndexOf(title);
    const next = ["全市综合政务服务中心", "全市专业分中心", "全市便民服务中心", "全市便民服务站"]
      .map((t) => plan.indexOf(`2024年${t}标准化建设考核指标`, start + title.length))
      .filter((i) => i > start);
    return plan.slice(start, next.length ? Math.min(...next) : undefined);
  };

  it.each(
    loadRubrics()
      .byYear(2024)
      .map((r) => [r.code, r] as const),
  )("%s is verbatim, but for the noted mends", (_, rubric) => {
    const table = annex(rubric.title);
    expect(table.length).toBeGreaterThan(1000);
    const texts = [
      ...rubric.sections.flatMap((s) => [s.level1, ...s.groups.map((g) => g.level2)]),
      ...rubric.indicators.flatMap((i) => [i.requirement, ...i.rules.map((r) => r.text)]),
    ];
    expect(texts.filter((text) => !table.includes(squeeze(text)))).toEqual([]);
  });
});
