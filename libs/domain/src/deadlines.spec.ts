import { describe, expect, it } from "vitest";
import { defaultDueAt, endOfDayAfter, planDeadlines } from "./deadlines";

describe("deadlines", () => {
  const c = planDeadlines(2024);

  it("are the plan's dates at the end of the day in Shanghai", () => {
    expect(c.selfCheckDue.toISOString()).toBe("2024-05-31T15:59:59.999Z");
    expect(c.unifiedAssessmentDue.toISOString()).toBe("2024-06-15T15:59:59.999Z");
    expect(c.convenienceAssessmentDue.toISOString()).toBe("2024-09-30T15:59:59.999Z");
    expect(c.recheckDue.toISOString()).toBe("2024-10-31T15:59:59.999Z");
    expect(c.annualReportDue.toISOString()).toBe("2024-10-31T15:59:59.999Z");
  });

  it.each([
    ["SELF_CHECK", "CONVENIENCE_STATION", "2024-05-31T15:59:59.999Z"],
    ["UNIFIED_ASSESSMENT", "COMPREHENSIVE_CENTER", "2024-06-15T15:59:59.999Z"],
    ["UNIFIED_ASSESSMENT", "PROFESSIONAL_SUBCENTER", "2024-06-15T15:59:59.999Z"],
    ["UNIFIED_ASSESSMENT", "CONVENIENCE_CENTER", "2024-09-30T15:59:59.999Z"],
    ["UNIFIED_ASSESSMENT", "CONVENIENCE_STATION", "2024-09-30T15:59:59.999Z"],
    ["RECHECK", "COMPREHENSIVE_CENTER", "2024-10-31T15:59:59.999Z"],
    ["ANNUAL_REPORT", null, "2024-10-31T15:59:59.999Z"],
  ] as const)("%s of a %s is due %s", (kind, type, due) => {
    expect(defaultDueAt(c, kind, type, new Date("2024-03-01T00:00:00Z")).toISOString()).toBe(due);
  });

  it("gives a rectification its days from the Shanghai day it is assigned", () => {
    // 2024-06-20 23:30 UTC is already 06-21 in Shanghai: 30 days later is 07-21, end of day.
    expect(defaultDueAt(c, "RECTIFICATION", "CONVENIENCE_CENTER", new Date("2024-06-20T23:30:00Z")).toISOString()).toBe("2024-07-21T15:59:59.999Z");
    expect(endOfDayAfter(new Date("2024-12-31T10:00:00Z"), 1).toISOString()).toBe("2025-01-01T15:59:59.999Z");
  });
});
