import { describe, expect, it } from "vitest";
import { JOBS } from "./catalog";
import { parsePayload } from "./define-job";
import { PayloadError } from "./errors";
import { ANNUAL_EVALUATION_JOB } from "./jobs/annual-evaluation.job";
import { ESCALATION_JOB } from "./jobs/escalation.job";
import { EVALUATION_PART_JOB } from "./jobs/evaluation-part.job";
import { createRegistry, type Handlers } from "./registry";

const noop = async () => null;
const all = Object.fromEntries(JOBS.map((j) => [j.name, noop])) as unknown as Handlers<unknown>;

describe("the job registry", () => {
  it("binds one handler to every declared job", () => {
    const r = createRegistry(all);
    expect(r.names()).toEqual(JOBS.map((j) => j.name));
    expect(r.get("escalation")?.job).toBe(ESCALATION_JOB);
    expect(r.get("nonsense")).toBeUndefined();
  });

  it("refuses to start when a job has no handler", () => {
    const { "evaluation-part": _gone, ...rest } = all as Record<string, unknown>;
    expect(() => createRegistry(rest as unknown as Handlers<unknown>)).toThrow(
      /no handler for job "evaluation-part": the worker cannot start/,
    );
  });

  it("refuses a handler for a job nobody declared", () => {
    expect(() => createRegistry({ ...all, "send-fax": noop } as unknown as Handlers<unknown>)).toThrow(
      /undeclared jobs "send-fax"/,
    );
  });

  it("declares each job once, with a retry policy", () => {
    expect(new Set(JOBS.map((j) => j.name)).size).toBe(JOBS.length);
    for (const j of JOBS) expect(j.retry.attempts).toBeGreaterThanOrEqual(1);
  });
});

describe("payload schemas", () => {
  it("accept what the producers send and refuse anything else, naming the field", () => {
    expect(parsePayload(ESCALATION_JOB, {})).toEqual({});
    expect(parsePayload(ESCALATION_JOB, { jobRunId: 4 })).toEqual({ jobRunId: 4 });
    expect(() => parsePayload(ESCALATION_JOB, { jobRunId: "4" })).toThrow(PayloadError);
    expect(() => parsePayload(ESCALATION_JOB, { jobRunId: 4, now: "2024-01-01" })).toThrow(/escalation/);
    expect(() =>
      parsePayload(EVALUATION_PART_JOB, {
        jobRunId: 1,
        campaignId: 1,
        asOf: "2024-06-01T00:00:00.000Z",
        part: 0,
        fromVenueId: 9,
        toVenueId: 3,
      }),
    ).toThrow(/fromVenueId must not be above toVenueId/);
  });

  it("check the evaluation policy with the domain's own rules", () => {
    const ok = parsePayload(ANNUAL_EVALUATION_JOB, {
      jobRunId: 1,
      campaignId: 2,
      asOf: "2024-11-01T00:00:00.000Z",
      policy: { penaltyCap: 10 },
    });
    expect(ok.policy.penaltyCap).toBe(10);
    expect(ok.policy.weights.COMPREHENSIVE_CENTER).toBe(0.4);
    expect(() =>
      parsePayload(ANNUAL_EVALUATION_JOB, {
        jobRunId: 1,
        campaignId: 2,
        asOf: "2024-11-01T00:00:00.000Z",
        policy: { penaltyCap: -1 },
      }),
    ).toThrow(/policy: policy.penaltyCap: must be a number from 0 to 100/);
    expect(() =>
      parsePayload(ANNUAL_EVALUATION_JOB, { jobRunId: 1, campaignId: 2, asOf: "yesterday", policy: {} }),
    ).toThrow(/asOf/);
  });
});
