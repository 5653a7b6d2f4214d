import fc from "fast-check";
import { describe, expect, it } from "vitest";
// Test-only: the shipped YAML through the rubrics lib's loader; the domain lib itself does no I/O.
import { loadRubrics } from "../../rubrics/src/load-rubrics";
import type { TaskKind } from "./enums";
import { DomainError } from "./errors";
import type { Rubric } from "./rubric";
import type { FindingLike } from "./scoring";
import {
  checkSubmittable,
  examinedIndicators,
  indicatorApplies,
  inspectable,
  normalizeExamined,
  unexaminedIndicators,
  validateSheet,
  type SheetContext,
  type SubmittedFinding,
  type VenueContext,
} from "./sheet";
import { checkVenueCommunity } from "./units";

const catalog = loadRubrics();
const centre = catalog.byCode("2024-comprehensive-center")!;
const station = catalog.byCode("2024-convenience-station")!;

const VILLAGE: VenueContext = { type: "CONVENIENCE_STATION", community: false };
const COMMUNITY: VenueContext = { type: "CONVENIENCE_STATION", community: true };
const CENTRE: VenueContext = { type: "COMPREHENSIVE_CENTER", community: false };
const ctx = (kind: TaskKind, venue: VenueContext): SheetContext => ({ kind, venue });

const f = (indicatorCode: string, ruleCode: string, occurrences = 1, evidenceCount = 0): SubmittedFinding => ({
  indicatorCode,
  ruleCode,
  occurrences,
  evidenceCount,
});
const deductionCodes = (r: Rubric) => r.indicators.filter((i) => !i.bonus).map((i) => i.code);

/** The error a call throws, as [field, message]. */
function refusal(run: () => unknown): [string | undefined, string] {
  try {
    run();
  } catch (e) {
    if (e instanceof DomainError && e.code === "BAD_USER_INPUT") return [e.field, e.message];
    throw e;
  }
  throw new Error("it was accepted");
}

describe("a rule limited to 社区 (annex 4 I13 R2)", () => {
  it("is accepted on a 社区 station's sheet and refused on a 村 station's, naming the finding's ruleCode", () => {
    const sheet = [f("I01", "R1"), f("I13", "R2")];
    expect(() => validateSheet(station, sheet, ctx("UNIFIED_ASSESSMENT", COMMUNITY))).not.toThrow();
    const [field, message] = refusal(() => validateSheet(station, sheet, ctx("UNIFIED_ASSESSMENT", VILLAGE)));
    expect(field).toBe("findings[1].ruleCode");
    expect(message).toContain("I13/R2");
    expect(message).toContain("社区");
    // The other rule of the indicator applies at both.
    expect(() => validateSheet(station, [f("I13", "R1")], ctx("SELF_CHECK", VILLAGE))).not.toThrow();
  });

  it("leaves I13 applicable at a 村 station (R1 applies), so 'not applicable' covers no indicator of the 2024 rubrics", () => {
    for (const r of catalog.all()) for (const i of r.indicators) expect(indicatorApplies(i, VILLAGE)).toBe(true);
  });

  it("makes an indicator whose rules are all limited to 社区 not applicable at a 村 station", () => {
    const limited = withRules(station, "I13", (rules) => rules.map((r) => ({ ...r, onlyFor: "COMMUNITY" as const })));
    const i13 = limited.indicators.find((i) => i.code === "I13")!;
    expect(indicatorApplies(i13, VILLAGE)).toBe(false);
    expect(indicatorApplies(i13, COMMUNITY)).toBe(true);
    const all = deductionCodes(station).filter((c) => c !== "I13");
    expect(unexaminedIndicators(limited, all, [], VILLAGE)).toEqual([]);
    expect(unexaminedIndicators(limited, all, [], COMMUNITY)).toEqual(["I13"]);
    expect(() => checkSubmittable(limited, { findings: [], examined: all }, ctx("SELF_CHECK", VILLAGE))).not.toThrow();
  });
});

describe("Venue.community", () => {
  it("is only ever true for a CONVENIENCE_STATION", () => {
    expect(() => checkVenueCommunity("CONVENIENCE_STATION", true)).not.toThrow();
    expect(() => checkVenueCommunity("CONVENIENCE_STATION", false)).not.toThrow();
    for (const type of ["COMPREHENSIVE_CENTER", "PROFESSIONAL_SUBCENTER", "CONVENIENCE_CENTER"] as const) {
      expect(() => checkVenueCommunity(type, false)).not.toThrow();
      expect(refusal(() => checkVenueCommunity(type, true))[0]).toBe("community");
    }
  });
});

describe("an unannounced inspection (明察暗访)", () => {
  it("records findings only on indicators whose methods include UNANNOUNCED, naming the finding's indicatorCode", () => {
    // 附件1 I07 一网通办 is assessed by 后台验证 only; I01 by 现场检查 and 明察暗访.
    expect(inspectable(centre.indicators[6]!)).toBe(false);
    expect(() => validateSheet(centre, [f("I01", "R1")], ctx("UNANNOUNCED_INSPECTION", CENTRE))).not.toThrow();
    const [field, message] = refusal(() =>
      validateSheet(centre, [f("I01", "R1"), f("I07", "R1")], ctx("UNANNOUNCED_INSPECTION", CENTRE)),
    );
    expect(field).toBe("findings[1].indicatorCode");
    expect(message).toContain("I07");
    // The same finding is fine on a self-check or an assessment.
    expect(() => validateSheet(centre, [f("I07", "R1")], ctx("UNIFIED_ASSESSMENT", CENTRE))).not.toThrow();
    // The bonus row (证明材料) is not the inspection's either.
    expect(refusal(() => validateSheet(centre, [f("I24", "R1")], ctx("UNANNOUNCED_INSPECTION", CENTRE)))[0]).toBe(
      "findings[0].indicatorCode",
    );
  });

  it("marks examined only what it can assess, and need not be complete", () => {
    expect(normalizeExamined(centre, ["I01"], ctx("UNANNOUNCED_INSPECTION", CENTRE))).toEqual(["I01"]);
    expect(refusal(() => normalizeExamined(centre, ["I01", "I07"], ctx("UNANNOUNCED_INSPECTION", CENTRE)))[0]).toBe(
      "examined[1]",
    );
    expect(() =>
      checkSubmittable(centre, { findings: [], examined: [] }, ctx("UNANNOUNCED_INSPECTION", CENTRE)),
    ).not.toThrow();
  });

  it("annex 3 and 4 rows assessed on site only (I01–I12) are out of its reach", () => {
    expect(station.indicators.filter((i) => !inspectable(i)).map((i) => i.code)).toEqual([
      "I01",
      "I02",
      "I03",
      "I04",
      "I05",
      "I06",
      "I07",
      "I08",
      "I09",
      "I10",
      "I11",
      "I12",
    ]);
  });
});

describe("the examined set", () => {
  it("is checked and put in rubric order; unknown codes, the bonus row and duplicates are refused naming examined[i]", () => {
    expect(normalizeExamined(centre, ["I03", "I01", "I02"], ctx("SELF_CHECK", CENTRE))).toEqual(["I01", "I02", "I03"]);
    expect(normalizeExamined(centre, [], ctx("SELF_CHECK", CENTRE))).toEqual([]);
    expect(refusal(() => normalizeExamined(centre, ["I01", "I99"], ctx("SELF_CHECK", CENTRE)))).toEqual([
      "examined[1]",
      expect.stringContaining("I99"),
    ]);
    expect(refusal(() => normalizeExamined(centre, ["I24"], ctx("SELF_CHECK", CENTRE)))).toEqual([
      "examined[0]",
      expect.stringContaining("加分项"),
    ]);
    expect(refusal(() => normalizeExamined(centre, ["I01", "I02", "I01"], ctx("SELF_CHECK", CENTRE)))).toEqual([
      "examined[2]",
      expect.stringContaining("examined[0]"),
    ]);
  });

  it("counts an indicator with a finding as examined, and never the bonus row", () => {
    expect(examinedIndicators(centre, ["I03"], [f("I01", "R1"), f("I24", "R1")])).toEqual(["I01", "I03"]);
    expect(unexaminedIndicators(centre, deductionCodes(centre).slice(2), [f("I01", "R1")], CENTRE)).toEqual(["I02"]);
  });
});

describe("submitting a sheet", () => {
  const all = deductionCodes(centre);

  it("refuses an incomplete self-check or assessment, naming the field examined and the codes", () => {
    for (const kind of ["SELF_CHECK", "UNIFIED_ASSESSMENT"] as const) {
      const [field, message] = refusal(() =>
        checkSubmittable(
          centre,
          { findings: [], examined: all.filter((c) => c !== "I05" && c !== "I17") },
          ctx(kind, CENTRE),
        ),
      );
      expect(field).toBe("examined");
      expect(message).toContain("I05, I17");
      // An untouched sheet no longer means "nothing found": every indicator is missing.
      expect(refusal(() => checkSubmittable(centre, { findings: [], examined: [] }, ctx(kind, CENTRE)))[1]).toContain(
        all.join(", "),
      );
    }
  });

  it("accepts a sheet whose every deduction indicator is examined or has a finding", () => {
    expect(() =>
      checkSubmittable(
        centre,
        { findings: [f("I05", "R1"), f("I17", "R2")], examined: all.filter((c) => c !== "I05" && c !== "I17") },
        ctx("SELF_CHECK", CENTRE),
      ),
    ).not.toThrow();
    expect(() =>
      checkSubmittable(centre, { findings: [], examined: all }, ctx("UNIFIED_ASSESSMENT", CENTRE)),
    ).not.toThrow();
  });

  it("refuses a bonus without evidence (证明材料), naming the finding and the bonus rule", () => {
    const [field, message] = refusal(() =>
      checkSubmittable(
        centre,
        { findings: [f("I01", "R1", 1, 1), f("I24", "R2")], examined: all },
        ctx("SELF_CHECK", CENTRE),
      ),
    );
    expect(field).toBe("findings[1].evidenceIds");
    expect(message).toContain("I24/R2");
    expect(message).toContain("证明材料");
    expect(() =>
      checkSubmittable(centre, { findings: [f("I24", "R2", 1, 1)], examined: all }, ctx("SELF_CHECK", CENTRE)),
    ).not.toThrow();
    // A bonus claimed zero times claims nothing.
    expect(() =>
      checkSubmittable(centre, { findings: [f("I24", "R2", 0)], examined: all }, ctx("SELF_CHECK", CENTRE)),
    ).not.toThrow();
  });

  it("re-checks the findings against the venue as it is now (a station that became a 村's)", () => {
    const examined = deductionCodes(station);
    expect(() =>
      checkSubmittable(station, { findings: [f("I13", "R2")], examined }, ctx("SELF_CHECK", COMMUNITY)),
    ).not.toThrow();
    expect(
      refusal(() => checkSubmittable(station, { findings: [f("I13", "R2")], examined }, ctx("SELF_CHECK", VILLAGE)))[0],
    ).toBe("findings[0].ruleCode");
  });

  it("misses exactly the deduction indicators neither marked nor found, whatever the sheet", () => {
    const codes = deductionCodes(centre);
    fc.assert(
      fc.property(fc.subarray(codes), fc.subarray(codes, { maxLength: 4 }), (marked, withFinding) => {
        const findings: FindingLike[] = withFinding.map((code) => ({
          indicatorCode: code,
          ruleCode: "R1",
          occurrences: 1,
        }));
        const missing = unexaminedIndicators(centre, marked, findings, CENTRE);
        expect(missing).toEqual(codes.filter((c) => !marked.includes(c) && !withFinding.includes(c)));
        expect(examinedIndicators(centre, marked, findings).length + missing.length).toBe(codes.length);
      }),
    );
  });
});

/** A copy of a rubric with one indicator's rules changed (the shipped rubrics are frozen). */
function withRules(
  rubric: Rubric,
  code: string,
  change: (rules: Rubric["indicators"][number]["rules"]) => Rubric["indicators"][number]["rules"],
): Rubric {
  return {
    ...rubric,
    indicators: rubric.indicators.map((i) => (i.code === code ? { ...i, rules: change(i.rules) } : i)),
  };
}
