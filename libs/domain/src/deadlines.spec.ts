import { describe, expect, it } from "vitest";
import {
  checkDueAt,
  daysLeft,
  defaultDueAt,
  dueDateLimit,
  endOfDayAfter,
  planDeadlines,
  shanghaiDate,
} from "./deadlines";

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
    expect(defaultDueAt(c, "RECTIFICATION", "CONVENIENCE_CENTER", new Date("2024-06-20T23:30:00Z")).toISOString()).toBe(
      "2024-07-21T15:59:59.999Z",
    );
    expect(endOfDayAfter(new Date("2024-12-31T10:00:00Z"), 1).toISOString()).toBe("2025-01-01T15:59:59.999Z");
  });
});

describe("daysLeft", () => {
  const due = new Date("2024-05-31T15:59:59.999Z"); // the end of 31 May in Shanghai

  it.each([
    ["2024-05-10T02:00:00Z", 21],
    // 30 May 23:30 UTC is already 31 May in Shanghai: the due day itself.
    ["2024-05-30T23:30:00Z", 0],
    ["2024-05-31T15:59:59.999Z", 0],
    // One millisecond later it is 1 June in Shanghai.
    ["2024-05-31T16:00:00.000Z", -1],
    ["2024-06-30T04:00:00Z", -30],
  ])("from %s is %i", (now, days) => {
    expect(daysLeft(new Date(now), due)).toBe(days);
  });

  it("counts calendar days, not 24-hour spans", () => {
    // 08:00 on 1 June to 07:00 on 2 June in Shanghai: 23 hours, one calendar day.
    expect(daysLeft(new Date("2024-06-01T00:00:00Z"), new Date("2024-06-01T23:00:00Z"))).toBe(1);
  });
});

describe("binding due dates", () => {
  const now = new Date("2024-06-10T02:00:00Z");
  it("gives a rectification the campaign's period from its assignment, other kinds no limit of their own", () => {
    expect(dueDateLimit({ rectificationDays: 30 }, "RECTIFICATION", now)?.toISOString()).toBe(
      "2024-07-10T15:59:59.999Z",
    );
    expect(dueDateLimit({ rectificationDays: 30 }, "SELF_CHECK", now)).toBeNull();
  });
  it("refuses a date not after now, and one past the limit unless the city sets it, naming the field", () => {
    const limit = new Date("2024-07-10T15:59:59.999Z");
    expect(() => checkDueAt(new Date("2024-06-10T01:00:00Z"), now, limit, true)).toThrow(/^dueAt: .* is not after now/);
    expect(() => checkDueAt(new Date("2024-07-11T00:00:00Z"), now, limit, false)).toThrow(
      /^dueAt: .*rectification period/,
    );
    expect(() => checkDueAt(new Date("2024-07-11T00:00:00Z"), now, limit, true)).not.toThrow();
    expect(() => checkDueAt(limit, now, limit, false)).not.toThrow();
  });
  it("says a moment's day in Shanghai", () => {
    expect(shanghaiDate(new Date("2024-06-10T16:30:00Z"))).toBe("2024-06-11");
  });
});
