import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { DEFAULT_RUBRICS_DIR, loadRubrics } from "./load-rubrics";
import { RubricFileError } from "./rubric-file-error";

type Edit = (rubric: any) => void;

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** A copy of the shipped rubrics in a temp folder, with one file edited. */
function rubricsWith(file: string, edit: Edit): string {
  const dir = mkdtempSync(path.join(tmpdir(), "rubrics-"));
  dirs.push(dir);
  cpSync(path.join(DEFAULT_RUBRICS_DIR, "2024"), path.join(dir, "2024"), { recursive: true });
  const target = path.join(dir, "2024", file);
  const rubric = parse(readFileSync(target, "utf8"));
  edit(rubric);
  writeFileSync(target, stringify(rubric));
  return dir;
}

function loadError(dir: string): RubricFileError {
  try {
    loadRubrics(dir);
  } catch (error) {
    if (error instanceof RubricFileError) return error;
    throw error;
  }
  throw new Error("the rubrics loaded");
}

const indicator = (r: any, code: string) => r.indicators.find((i: any) => i.code === code);

describe("loadRubrics refuses a bad file, naming file, indicator and field", () => {
  it.each<[string, string, Edit, string]>([
    [
      "wrong points",
      "comprehensive-center.yaml",
      (r) => (indicator(r, "I03").rules[1].points = 0.3),
      "indicator I03: rules[1].points: must be a multiple of 0.5",
    ],
    [
      "zero points",
      "convenience-center.yaml",
      (r) => (indicator(r, "I07").points = 0),
      "indicator I07: points: must be > 0",
    ],
    [
      "a missing field",
      "professional-subcenter.yaml",
      (r) => delete indicator(r, "I05").requirement,
      "indicator I05: requirement: is required",
    ],
    ["a missing top-level field", "convenience-station.yaml", (r) => delete r.bonusCap, "bonusCap: is required"],
    [
      "an unknown field",
      "comprehensive-center.yaml",
      (r) => (indicator(r, "I02").rules[0].note = "x"),
      "indicator I02: rules[0].note: is not an allowed field",
    ],
    [
      "a bad rule kind",
      "comprehensive-center.yaml",
      (r) => (indicator(r, "I02").rules[0].kind = "ONCE"),
      'indicator I02: rules[0].kind: must be one of FIXED, PER_OCCURRENCE, BONUS, not "ONCE"',
    ],
    [
      "a bad method",
      "convenience-station.yaml",
      (r) => (indicator(r, "I13").methods = ["ON_SITE", "PHONE"]),
      "indicator I13: methods[1]: must be one of ON_SITE",
    ],
    [
      "a malformed indicator code",
      "convenience-station.yaml",
      (r) => (r.indicators[6].code = "I7"),
      'indicators[6].code: must match ^I\\d{2}$, not "I7"',
    ],
    [
      "non-consecutive indicator codes",
      "convenience-station.yaml",
      (r) => (r.indicators[6].code = "I08"),
      "indicator I08: code: expected I07",
    ],
    [
      "non-consecutive rule codes",
      "convenience-center.yaml",
      (r) => (indicator(r, "I20").rules[1].code = "R3"),
      "indicator I20: rules[1].code: expected R2, not R3",
    ],
    [
      "a rule worth more than its indicator",
      "convenience-center.yaml",
      (r) => (indicator(r, "I02").rules[0].points = 4),
      "indicator I02: rules[0].points: 4 is more than the indicator's 3 points",
    ],
    [
      "a BONUS rule outside the bonus row",
      "comprehensive-center.yaml",
      (r) => (indicator(r, "I05").rules[0].kind = "BONUS"),
      "indicator I05: rules[0].kind: BONUS rules belong only to the bonus indicator",
    ],
    [
      "a deduction in the bonus row",
      "professional-subcenter.yaml",
      (r) => (indicator(r, "I20").rules[2].kind = "FIXED"),
      "indicator I20: rules[2].kind: the bonus indicator takes only BONUS rules, not FIXED",
    ],
    [
      "a bonus row that is not last",
      "comprehensive-center.yaml",
      (r) => (indicator(r, "I23").bonus = true),
      "indicator I23: bonus: the bonus indicator (加分项) must be the last one",
    ],
    [
      "a bonus cap that is not the bonus row's points",
      "comprehensive-center.yaml",
      (r) => (r.bonusCap = 3),
      "bonusCap: is 3 but must equal the bonus indicator's points (5)",
    ],
    [
      "a bonus cap without a bonus row",
      "convenience-center.yaml",
      (r) => (r.bonusCap = 5),
      "bonusCap: is 5 but must equal 0: there is no bonus indicator",
    ],
    [
      "a total that does not add up",
      "convenience-station.yaml",
      (r) => (indicator(r, "I10").points = 8),
      "totalPoints: is 100 but the non-bonus indicators add up to 101",
    ],
    [
      "a level-1 subtotal mismatch",
      "comprehensive-center.yaml",
      (r) => (r.sections[1].points = 14),
      "sections[1].points: 政务服务模式创新 is printed as 14 but its indicators add up to 13",
    ],
    // Points moved between sections: the total still adds up to 100, only the subtotals catch it.
    [
      "points moved between sections",
      "professional-subcenter.yaml",
      (r) => ((indicator(r, "I05").points = 6), (indicator(r, "I14").points = 7)),
      "sections[3].points: 政务服务扩面增效 is printed as 8 but its indicators add up to 7",
    ],
    [
      "a level-2 subtotal mismatch",
      "comprehensive-center.yaml",
      (r) => ((indicator(r, "I09").points = 4), (indicator(r, "I10").points = 3)),
      "sections[1].groups[1].points: 推进容缺事项承诺办 is printed as 2 but its indicators add up to 3",
    ],
    [
      "a level-2 heading missing from sections",
      "convenience-center.yaml",
      (r) => (indicator(r, "I03").level2 = "空间规划"),
      "indicator I03: level2: 空间规划 is not a level-2 heading of 规范场所设施建设 in sections",
    ],
    [
      "a level-1 heading missing from sections",
      "convenience-center.yaml",
      (r) => (r.sections[0].level1 = "规范场所建设"),
      "indicator I01: level1: 规范场所设施建设 is not a level-1 heading in sections",
    ],
    [
      "a rule limited to 社区 outside a station's rubric",
      "convenience-center.yaml",
      (r) => (indicator(r, "I13").rules[1].onlyFor = "COMMUNITY"),
      "indicator I13: rules[1].onlyFor: COMMUNITY limits a rule to 社区 stations, so it belongs only in a CONVENIENCE_STATION rubric, not a CONVENIENCE_CENTER",
    ],
    [
      "an unknown onlyFor",
      "convenience-station.yaml",
      (r) => (indicator(r, "I13").rules[1].onlyFor = "VILLAGE"),
      'indicator I13: rules[1].onlyFor: must be one of COMMUNITY, not "VILLAGE"',
    ],
    [
      "a code for another year",
      "convenience-center.yaml",
      (r) => (r.code = "2023-convenience-center"),
      "code: must be 2024-convenience-center for year 2024 and venueType CONVENIENCE_CENTER, not 2023-convenience-center",
    ],
    [
      "a code for another venue type",
      "convenience-center.yaml",
      (r) => (r.venueType = "CONVENIENCE_STATION"),
      "code: must be 2024-convenience-station",
    ],
    [
      "a year other than its folder's",
      "convenience-center.yaml",
      (r) => ((r.year = 2025), (r.code = "2025-convenience-center")),
      "year: is 2025 but the file is in the folder 2024/",
    ],
  ])("%s", (_, file, edit, message) => {
    const error = loadError(rubricsWith(file, edit));
    expect(error.file).toBe(path.join(dirs[0], "2024", file));
    expect(error.message).toContain(`2024/${file}: ${message}`);
  });

  it("reports every issue of a file, one line each", () => {
    const error = loadError(rubricsWith("convenience-station.yaml", (r) => (indicator(r, "I01").points = 6)));
    expect(error.issues.map((issue) => issue.field)).toEqual(["totalPoints", "sections[0].points"]);
    expect(error.message.split("\n")).toHaveLength(2);
  });

  it("refuses a file that is not YAML", () => {
    const dir = rubricsWith("convenience-station.yaml", () => {});
    writeFileSync(path.join(dir, "2024", "convenience-station.yaml"), "code: [unclosed\n");
    expect(loadError(dir).message).toMatch(/2024\/convenience-station\.yaml: \(yaml\): /);
  });

  it("refuses two files with one code, and two rubrics for one venue type", () => {
    const dir = rubricsWith("convenience-station.yaml", () => {});
    cpSync(path.join(dir, "2024", "convenience-station.yaml"), path.join(dir, "2024", "station-copy.yaml"));
    expect(loadError(dir).message).toMatch(
      /2024\/station-copy\.yaml: code: 2024-convenience-station is also the code of .*2024\/convenience-station\.yaml/,
    );
  });

  it("refuses a folder without rubric files", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "rubrics-"));
    dirs.push(dir);
    expect(() => loadRubrics(dir)).toThrow(/No rubric files/);
    expect(() => loadRubrics(path.join(dir, "missing"))).toThrow(/does not exist/);
  });
});

describe("loadRubrics", () => {
  it("reads RUBRICS_DIR when no folder is given, and every year folder in it", () => {
    const dir = rubricsWith("convenience-station.yaml", () => {});
    mkdirSync(path.join(dir, "2025"));
    const next = parse(readFileSync(path.join(dir, "2024", "convenience-station.yaml"), "utf8"));
    writeFileSync(
      path.join(dir, "2025", "convenience-station.yaml"),
      stringify({ ...next, year: 2025, code: "2025-convenience-station" }),
    );
    const saved = process.env.RUBRICS_DIR;
    process.env.RUBRICS_DIR = dir;
    try {
      const catalog = loadRubrics();
      expect(catalog.years()).toEqual([2024, 2025]);
      expect(catalog.byYear(2025).map((r) => r.code)).toEqual(["2025-convenience-station"]);
      expect(catalog.forVenue(2025, "CONVENIENCE_STATION")?.year).toBe(2025);
      expect(catalog.all()).toHaveLength(5);
    } finally {
      if (saved === undefined) delete process.env.RUBRICS_DIR;
      else process.env.RUBRICS_DIR = saved;
    }
  });
});
