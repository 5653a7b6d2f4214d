import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { campaign, PASSWORD, user } from "../support/factories";
import { Api, code, ok, startApi } from "../support/harness";

let api: Api;
beforeAll(async () => {
  api = await startApi();
});
afterAll(async () => api?.close());

describe("sign-in and the first floor", () => {
  it("refuses every request but login without a valid token", async () => {
    expect(code(await api.gql("{ me { id } }"))).toBe("UNAUTHENTICATED");
    expect(code(await api.gql("{ rubrics { code } }", {}, "not-a-token"))).toBe("UNAUTHENTICATED");
    expect(code(await api.gql("{ __schema { queryType { name } } }"))).toBe("UNAUTHENTICATED");
    const wrong = await api.gql(`mutation { login(username: "nobody", password: "wrong-password") { token } }`);
    expect(code(wrong)).toBe("UNAUTHENTICATED");
  });

  it("signs a user in and answers me", async () => {
    const admin = await user(api, "CITY_ADMIN");
    const me = ok(await api.gql("{ me { id username role } }", {}, admin.token)).me;
    expect(me).toEqual({ id: admin.id, username: admin.username, role: "CITY_ADMIN" });
  });

  it("answers the signed-in user's unit and venue with the sign-in itself (the console reads them there)", async () => {
    const admin = await user(api, "CITY_ADMIN");
    const unitId = ok(
      await api.gql(
        `mutation { createUnit(input: { code: "c-${Date.now()}", name: "某市", kind: CITY }) { id } }`,
        {},
        admin.token,
      ),
    ).createUnit.id;
    const manager = await user(api, "UNIT_MANAGER", { unitId });
    const r = await api.gql(
      `mutation($u: String!, $p: String!) { login(username: $u, password: $p) { user { id unit { id name kind } venue { id } } } }`,
      {
        u: manager.username,
        p: PASSWORD,
      },
    );
    expect(r.errors).toBeUndefined();
    expect(r.data.login.user).toEqual({
      id: manager.id,
      unit: { id: unitId, name: "某市", kind: "CITY" },
      venue: null,
    });
  });

  it("serves the four 2024 rubrics with their indicators", async () => {
    const admin = await user(api, "ASSESSOR");
    const rubrics = ok(
      await api.gql("{ rubrics(year: 2024) { code bonusCap totalPoints indicators { code } } }", {}, admin.token),
    ).rubrics;
    expect(rubrics.map((r: { code: string; indicators: unknown[] }) => [r.code, r.indicators.length])).toEqual([
      ["2024-comprehensive-center", 24],
      ["2024-professional-subcenter", 20],
      ["2024-convenience-center", 20],
      ["2024-convenience-station", 20],
    ]);
    const one = ok(
      await api.gql(`{ rubric(code: "2024-convenience-station") { venueType bonusCap } }`, {}, admin.token),
    ).rubric;
    expect(one).toEqual({ venueType: "CONVENIENCE_STATION", bonusCap: 0 });
  });

  it("previews a sheet exactly as the annex gives by hand", async () => {
    const u = await user(api, "VENUE_STAFF");
    // Annex 1: I15 帮办代办 3+3+2 = 8 capped at 7; I02 R2 7 × 0.5 = 3.5; bonus 5 + 3 capped at 5 → 100 − 10.5 + 5.
    const r = ok(
      await api.gql(
        `query($f: [FindingInput!]!) { previewScore(rubricCode: "2024-comprehensive-center", findings: $f) { total deducted bonus indicators { indicatorCode deducted score } } }`,
        {
          f: [
            { indicatorCode: "I15", ruleCode: "R1" },
            { indicatorCode: "I15", ruleCode: "R2" },
            { indicatorCode: "I15", ruleCode: "R3" },
            { indicatorCode: "I02", ruleCode: "R2", occurrences: 7 },
            { indicatorCode: "I24", ruleCode: "R1" },
            { indicatorCode: "I24", ruleCode: "R2" },
          ],
        },
        u.token,
      ),
    ).previewScore;
    expect(r.total).toBe(94.5);
    expect(r.deducted).toBe(10.5);
    expect(r.bonus).toBe(5);
    expect(r.indicators).toHaveLength(23);
    expect(r.indicators.find((i: { indicatorCode: string }) => i.indicatorCode === "I15")).toEqual({
      indicatorCode: "I15",
      deducted: 7,
      score: 0,
    });
  });

  it.each([
    [[{ indicatorCode: "I99", ruleCode: "R1" }], "findings[0].indicatorCode", /I99/],
    [[{ indicatorCode: "I01", ruleCode: "R9" }], "findings[0].ruleCode", /R9/],
    [[{ indicatorCode: "I01", ruleCode: "R1", occurrences: 2 }], "findings[0].occurrences", /FIXED/],
    [[{ indicatorCode: "I02", ruleCode: "R2", occurrences: -1 }], "findings[0].occurrences", /./],
  ])("refuses %j with BAD_USER_INPUT naming %s", async (findings, field, message) => {
    const u = await user(api, "ASSESSOR");
    const r = await api.gql(
      `query($f: [FindingInput!]!) { previewScore(rubricCode: "2024-comprehensive-center", findings: $f) { total } }`,
      { f: findings },
      u.token,
    );
    expect(code(r)).toBe("BAD_USER_INPUT");
    expect(r.errors![0]!.extensions!.field).toBe(field);
    expect(r.errors![0]!.message).toMatch(message);
  });

  it("refuses an unknown rubric code with BAD_USER_INPUT", async () => {
    const u = await user(api, "ASSESSOR");
    const r = await api.gql(`{ previewScore(rubricCode: "1999-nothing", findings: []) { total } }`, {}, u.token);
    expect(code(r)).toBe("BAD_USER_INPUT");
    expect(r.errors![0]!.message).toMatch(/1999-nothing/);
  });

  it("never shows a stack trace or SQL to a client", async () => {
    const admin = await user(api, "CITY_ADMIN");
    const r = await api.gql(`{ task(id: "99999999999") { id } }`, {}, admin.token);
    expect(code(r)).toBe("BAD_USER_INPUT");
    expect(JSON.stringify(r)).not.toMatch(/stacktrace|SELECT|at .*\.ts/);
  });

  it("creates a campaign with the plan's deadlines, end of day in Shanghai", async () => {
    const admin = await user(api, "CITY_ADMIN");
    const id = await campaign(api, admin);
    const c = ok(
      await api.gql(
        `query($id: ID!) { campaign(id: $id) { year selfCheckDue unifiedAssessmentDue convenienceAssessmentDue recheckDue annualReportDue rubrics { code } } }`,
        { id },
        admin.token,
      ),
    ).campaign;
    expect(c.selfCheckDue).toBe("2024-05-31T15:59:59.999Z");
    expect(c.unifiedAssessmentDue).toBe("2024-06-15T15:59:59.999Z");
    expect(c.convenienceAssessmentDue).toBe("2024-09-30T15:59:59.999Z");
    expect(c.recheckDue).toBe("2024-10-31T15:59:59.999Z");
    expect(c.rubrics).toHaveLength(4);
    const again = await api.gql(
      `mutation { createCampaign(input: { year: 2024, name: "again" }) { id } }`,
      {},
      admin.token,
    );
    expect(code(again)).toBe("CONFLICT");
  });
});
