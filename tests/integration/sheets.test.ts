import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { city, uid, unit, user, type SignedIn } from "../support/factories";
import {
  assign,
  deductionIndicators,
  examineAll,
  proof,
  raw,
  review,
  rowCounts,
  saveSheet,
  start,
  stateFingerprint,
  submit,
  type Finding,
} from "../support/flow";
import { Api, GqlResult, code, ok, startApi } from "../support/harness";

/**
 * Complete sheets (issue 9, item 5; the contract's "Added for the second round"): Venue.community and the rule the
 * annex limits to 社区, the examined set and saveSheet, complete sheets before submission, what an unannounced
 * inspection may record, and a bonus's evidence. Every refusal names its field and writes nothing.
 */

let api: Api;
beforeAll(async () => {
  api = await startApi();
});
afterAll(async () => api?.close());

const VENUE = `id type community`;
const field = (r: GqlResult) => r.errors?.[0]?.extensions?.field as string | undefined;
const message = (r: GqlResult) => r.errors?.[0]?.message ?? "";

/** Runs a refused request and shows that it wrote nothing: row counts and every row's version and state stay. */
async function refused(run: () => Promise<GqlResult>): Promise<GqlResult> {
  const [rows, state] = [await rowCounts(api), await stateFingerprint(api)];
  const r = await run();
  expect(r.errors, JSON.stringify(r.data)).toBeDefined();
  expect(await rowCounts(api)).toEqual(rows);
  expect(await stateFingerprint(api)).toBe(state);
  return r;
}

/** A city with a 村 station (the factory's) and a 社区 station, a district manager and assessor, and the 社区 station's staff. */
async function scene() {
  const c = await city(api);
  const communityVillage = await unit(api, c.admin, "VILLAGE", c.townshipId, `社区 ${uid()}`);
  const created = ok(
    await api.gql(
      `mutation($i: CreateVenueInput!) { createVenue(input: $i) { ${VENUE} } }`,
      {
        i: {
          code: `s-${uid()}`,
          name: "和平社区便民服务站",
          type: "CONVENIENCE_STATION",
          unitId: communityVillage,
          community: true,
        },
      },
      c.admin.token,
    ),
  ).createVenue;
  const [manager, assessor] = await Promise.all([
    user(api, "UNIT_MANAGER", { unitId: c.districtId }),
    user(api, "ASSESSOR", { unitId: c.districtId }),
  ]);
  return { ...c, community: created.id as string, manager, assessor };
}
type Scene = Awaited<ReturnType<typeof scene>>;

/** A started task; the district assigns it, but the city a unified assessment of the district's comprehensive centre. */
const started = async (
  s: Scene,
  kind: "SELF_CHECK" | "UNIFIED_ASSESSMENT" | "UNANNOUNCED_INSPECTION",
  venueId: string,
  to: SignedIn = s.assessor,
) => {
  const by = kind === "UNIFIED_ASSESSMENT" && venueId === s.venues.districtCenter ? s.admin : s.manager;
  const t = await assign(api, by, { campaignId: s.campaignId, kind, venueId, assigneeId: to.id });
  await start(api, to, t.id);
  return t;
};

const SHEET = `mutation($id: ID!, $f: [FindingInput!]!, $e: [String!]!, $v: Int) { saveSheet(taskId: $id, findings: $f, examined: $e, expectedVersion: $v) { id version examined } }`;
const FINDINGS = `mutation($id: ID!, $f: [FindingInput!]!, $v: Int) { saveFindings(taskId: $id, findings: $f, expectedVersion: $v) { id version examined } }`;
const REPORT = `mutation($i: ReportProblemInput!) { reportProblem(input: $i) { id indicatorCode ruleCode } }`;
const sheetOf = (by: SignedIn, id: string) =>
  api
    .gql(
      `query($id: ID!) { task(id: $id) { version examined findings { indicatorCode ruleCode } history { action detail } } }`,
      { id },
      by.token,
    )
    .then((r) => ok(r).task);

describe("Venue.community", () => {
  it("tells a 社区 station from a 村 station, false by default and for every other type", async () => {
    const s = await scene();
    const one = async (id: string) =>
      ok(await api.gql(`query($id: ID!) { venue(id: $id) { ${VENUE} } }`, { id }, s.admin.token)).venue;
    expect(await one(s.community)).toEqual({ id: s.community, type: "CONVENIENCE_STATION", community: true });
    expect(await one(s.venues.station)).toEqual({
      id: s.venues.station,
      type: "CONVENIENCE_STATION",
      community: false,
    });
    const listed = ok(
      await api.gql(
        `query($u: ID) { venues(filter: { unitId: $u }, first: 100) { nodes { ${VENUE} } } }`,
        { u: s.cityId },
        s.admin.token,
      ),
    ).venues.nodes;
    expect(listed.filter((v: { community: boolean }) => v.community).map((v: { id: string }) => v.id)).toEqual([
      s.community,
    ]);
    expect(listed).toHaveLength(7);
  });

  it("is refused on a venue that is not a station, naming community, and writes nothing", async () => {
    const s = await scene();
    const create = await refused(() =>
      api.gql(
        `mutation($i: CreateVenueInput!) { createVenue(input: $i) { id } }`,
        {
          i: {
            code: `c-${uid()}`,
            name: "便民服务中心",
            type: "CONVENIENCE_CENTER",
            unitId: s.townshipId,
            community: true,
          },
        },
        s.admin.token,
      ),
    );
    expect([code(create), field(create)]).toEqual(["BAD_USER_INPUT", "community"]);
    expect(message(create)).toContain("CONVENIENCE_STATION");
    const update = await refused(() =>
      api.gql(
        `mutation($id: ID!) { updateVenue(id: $id, input: { community: true }) { id } }`,
        { id: s.venues.districtSubcenter },
        s.admin.token,
      ),
    );
    expect([code(update), field(update)]).toEqual(["BAD_USER_INPUT", "community"]);
  });

  it("is changed by updateVenue, and community: false is fine anywhere", async () => {
    const s = await scene();
    const set = async (id: string, community: boolean) =>
      ok(
        await api.gql(
          `mutation($id: ID!, $c: Boolean) { updateVenue(id: $id, input: { community: $c }) { ${VENUE} } }`,
          { id, c: community },
          s.admin.token,
        ),
      ).updateVenue;
    expect((await set(s.venues.station, true)).community).toBe(true);
    expect((await set(s.venues.station, false)).community).toBe(false);
    expect((await set(s.venues.districtCenter, false)).community).toBe(false);
    // A manager of the district manages its stations as any venue.
    const byManager = ok(
      await api.gql(
        `mutation($id: ID!) { updateVenue(id: $id, input: { community: true }) { community } }`,
        { id: s.venues.station },
        s.manager.token,
      ),
    );
    expect(byManager.updateVenue.community).toBe(true);
  });
});

describe("a rule the annex limits to 社区 (附件4 I13 R2, 社区综合窗口未执行AB岗工作制度)", () => {
  it("is shown on the rubric as onlyFor: COMMUNITY", async () => {
    const s = await scene();
    const r = ok(
      await api.gql(
        `{ rubric(code: "2024-convenience-station") { indicators { code rules { code onlyFor } } } }`,
        {},
        s.admin.token,
      ),
    ).rubric;
    const limited = r.indicators.flatMap((i: { code: string; rules: { code: string; onlyFor: string | null }[] }) =>
      i.rules.filter((x) => x.onlyFor).map((x) => `${i.code}/${x.code} ${x.onlyFor}`),
    );
    expect(limited).toEqual(["I13/R2 COMMUNITY"]);
  });

  it("is refused on a 村 station's sheet by saveFindings and saveSheet, naming findings[i].ruleCode, and taken at a 社区 station", async () => {
    const s = await scene();
    const village = await started(s, "UNIFIED_ASSESSMENT", s.venues.station);
    const community = await started(s, "UNIFIED_ASSESSMENT", s.community);
    const findings: Finding[] = [
      { indicatorCode: "I13", ruleCode: "R1" },
      { indicatorCode: "I13", ruleCode: "R2", note: "未执行AB岗" },
    ];
    for (const run of [
      () => api.gql(FINDINGS, { id: village.id, f: findings }, s.assessor.token),
      () => api.gql(SHEET, { id: village.id, f: findings, e: ["I01"] }, s.assessor.token),
    ]) {
      const r = await refused(run);
      expect([code(r), field(r)]).toEqual(["BAD_USER_INPUT", "findings[1].ruleCode"]);
      expect(message(r)).toMatch(/I13\/R2.*社区/);
    }
    // R1 of the same row applies at both.
    expect(
      ok(await api.gql(FINDINGS, { id: village.id, f: findings.slice(0, 1) }, s.assessor.token)).saveFindings.examined,
    ).toEqual(["I13"]);
    const saved = ok(await api.gql(SHEET, { id: community.id, f: findings, e: [] }, s.assessor.token)).saveSheet;
    expect(saved.examined).toEqual(["I13"]);
  });

  it("is refused in a problem reported from a 村 station's inspection, naming ruleCode", async () => {
    const s = await scene();
    const village = await started(s, "UNANNOUNCED_INSPECTION", s.venues.station);
    const community = await started(s, "UNANNOUNCED_INSPECTION", s.community);
    const input = (taskId: string) => ({
      i: { taskId, indicatorCode: "I13", ruleCode: "R2", description: "A岗缺岗时无人替岗" },
    });
    const r = await refused(() => api.gql(REPORT, input(village.id), s.assessor.token));
    expect([code(r), field(r)]).toEqual(["BAD_USER_INPUT", "ruleCode"]);
    expect(ok(await api.gql(REPORT, input(community.id), s.assessor.token)).reportProblem).toMatchObject({
      indicatorCode: "I13",
      ruleCode: "R2",
    });
  });

  it("is refused at submission when the station has become a 村's since the sheet was saved", async () => {
    const s = await scene();
    const t = await started(s, "SELF_CHECK", s.community);
    await examineAll(api, s.assessor, t.id, [{ indicatorCode: "I13", ruleCode: "R2" }]);
    ok(
      await api.gql(
        `mutation($id: ID!) { updateVenue(id: $id, input: { community: false }) { id } }`,
        { id: s.community },
        s.admin.token,
      ),
    );
    const r = await refused(() => raw.submit(api, s.assessor, t.id));
    expect([code(r), field(r)]).toEqual(["BAD_USER_INPUT", "findings[0].ruleCode"]);
  });
});

describe("the examined set and saveSheet", () => {
  it("replaces findings and the examined set in one write; Task.examined adds the indicators with findings, in rubric order", async () => {
    const s = await scene();
    const t = await started(s, "UNIFIED_ASSESSMENT", s.venues.districtSubcenter);
    const saved = await saveSheet(api, s.assessor, t.id, [{ indicatorCode: "I05", ruleCode: "R1" }], ["I03", "I01"]);
    expect(saved.examined).toEqual(["I01", "I03", "I05"]);
    expect(saved.score).toEqual({ total: 95, deducted: 5, bonus: 0 });
    expect(saved.version).toBe(3);
    // saveFindings replaces the findings and leaves the marked set: I05 is no longer examined, I02 now is.
    const again = ok(
      await api.gql(FINDINGS, { id: t.id, f: [{ indicatorCode: "I02", ruleCode: "R1" }], v: 3 }, s.assessor.token),
    ).saveFindings;
    expect(again).toEqual({ id: t.id, version: 4, examined: ["I01", "I02", "I03"] });
    // saveSheet replaces the set, an empty one too.
    expect(ok(await api.gql(SHEET, { id: t.id, f: [], e: [], v: 4 }, s.assessor.token)).saveSheet.examined).toEqual([]);
    const h = (await sheetOf(s.assessor, t.id)).history
      .filter((e: { action: string }) => e.action === "FINDINGS_SAVED")
      .map((e: { detail: string }) => e.detail);
    expect(h).toEqual([
      "1 findings, 3 of 19 indicators examined, total 95",
      "1 findings, total 98",
      "0 findings, 0 of 19 indicators examined, total 100",
    ]);
    // Other readers see the same set, in a list too.
    const listed = ok(
      await api.gql(
        `query($v: ID) { tasks(filter: { venueId: $v }) { nodes { id examined } } }`,
        { v: s.venues.districtSubcenter },
        s.manager.token,
      ),
    ).tasks.nodes;
    expect(listed).toEqual([{ id: t.id, examined: [] }]);
  });

  it("refuses unknown codes, the bonus row and duplicates, naming examined[i], and writes nothing", async () => {
    const s = await scene();
    const t = await started(s, "UNIFIED_ASSESSMENT", s.venues.districtSubcenter);
    const cases: [string[], string, RegExp][] = [
      [["I01", "I77"], "examined[1]", /unknown indicator I77/],
      [["I20"], "examined[0]", /加分项/],
      [["I02", "I03", "I02"], "examined[2]", /twice/],
      [["i01"], "examined[0]", /unknown indicator/],
    ];
    for (const [examined, name, why] of cases) {
      const r = await refused(() => api.gql(SHEET, { id: t.id, f: [], e: examined }, s.assessor.token));
      expect([code(r), field(r)]).toEqual(["BAD_USER_INPUT", name]);
      expect(message(r)).toMatch(why);
    }
    expect((await sheetOf(s.assessor, t.id)).examined).toEqual([]);
  });

  it("keeps saveFindings' version check and rights: a stale version is CONFLICT, another user FORBIDDEN, a submitted sheet CONFLICT", async () => {
    const s = await scene();
    const t = await started(s, "UNIFIED_ASSESSMENT", s.venues.districtSubcenter);
    const { version } = await saveSheet(api, s.assessor, t.id, [], ["I01"]);
    const stale = await refused(() =>
      api.gql(SHEET, { id: t.id, f: [], e: ["I01", "I02"], v: version - 1 }, s.assessor.token),
    );
    expect(code(stale)).toBe("CONFLICT");
    const other = await refused(() => api.gql(SHEET, { id: t.id, f: [], e: ["I01", "I02"] }, s.manager.token));
    expect(code(other)).toBe("FORBIDDEN");
    // Two saves at one version: one wins, the other changes nothing.
    const both = await Promise.all([
      api.gql(SHEET, { id: t.id, f: [], e: ["I01", "I02"], v: version }, s.assessor.token),
      api.gql(FINDINGS, { id: t.id, f: [{ indicatorCode: "I03", ruleCode: "R1" }], v: version }, s.assessor.token),
    ]);
    expect(both.map((r) => code(r) ?? "ok").sort()).toEqual(["CONFLICT", "ok"]);
    const now = await sheetOf(s.assessor, t.id);
    expect(now.version).toBe(version + 1);
    expect([
      ["I01", "I02"],
      ["I01", "I03"],
    ]).toContainEqual(now.examined);
    await examineAll(api, s.assessor, t.id);
    await submit(api, s.assessor, t.id);
    expect(code(await refused(() => api.gql(SHEET, { id: t.id, f: [], e: [] }, s.assessor.token)))).toBe("CONFLICT");
  });
});

describe("submitting a sheet", () => {
  it("refuses a self-check or unified assessment while an indicator is neither examined nor has a finding, naming the codes", async () => {
    const s = await scene();
    const staff = await user(api, "VENUE_STAFF", { venueId: s.venues.convenienceCenter });
    for (const [kind, to] of [
      ["SELF_CHECK", staff],
      ["UNIFIED_ASSESSMENT", s.assessor],
    ] as const) {
      const t = await started(s, kind, s.venues.convenienceCenter, to);
      const all = await deductionIndicators(api, to, t.id);
      expect(all).toHaveLength(20);
      const untouched = await refused(() => raw.submit(api, to, t.id));
      expect([code(untouched), field(untouched)]).toEqual(["BAD_USER_INPUT", "examined"]);
      expect(message(untouched)).toContain(all.join(", "));
      // I07 has a finding, I12 and I19 are neither examined nor found.
      await saveSheet(
        api,
        to,
        t.id,
        [{ indicatorCode: "I07", ruleCode: "R1", note: "未制定事项清单" }],
        all.filter((c) => !["I07", "I12", "I19"].includes(c)),
      );
      const two = await refused(() => raw.submit(api, to, t.id));
      expect([code(two), field(two)]).toEqual(["BAD_USER_INPUT", "examined"]);
      expect(message(two)).toMatch(/2 indicators are neither examined nor with a finding: I12, I19;/);
      await saveSheet(
        api,
        to,
        t.id,
        [
          { indicatorCode: "I07", ruleCode: "R1" },
          { indicatorCode: "I12", ruleCode: "R1", occurrences: 0 },
        ],
        all.filter((c) => !["I07", "I12"].includes(c)),
      );
      const done = await submit(api, to, t.id);
      expect(done).toMatchObject({ status: "SUBMITTED", score: { total: 95 } });
      expect(done.examined).toEqual(all);
    }
  });

  it("does not want an unannounced inspection's sheet complete", async () => {
    const s = await scene();
    const t = await started(s, "UNANNOUNCED_INSPECTION", s.venues.districtCenter);
    expect((await submit(api, s.assessor, t.id)).status).toBe("SUBMITTED");
    const u = await started(s, "UNANNOUNCED_INSPECTION", s.venues.districtSubcenter);
    await saveSheet(api, s.assessor, u.id, [{ indicatorCode: "I01", ruleCode: "R2" }], ["I13"]);
    expect((await submit(api, s.assessor, u.id)).examined).toEqual(["I01", "I13"]);
  });

  it("refuses a bonus (加分项) without its evidence (证明材料), naming the finding and the rule, until it is attached", async () => {
    const s = await scene();
    const t = await started(s, "UNIFIED_ASSESSMENT", s.venues.districtCenter);
    const bonus = { indicatorCode: "I24", ruleCode: "R2", note: "做法在全省推广" };
    await examineAll(api, s.assessor, t.id, [{ indicatorCode: "I01", ruleCode: "R1" }, bonus]);
    const r = await refused(() => raw.submit(api, s.assessor, t.id));
    expect([code(r), field(r)]).toEqual(["BAD_USER_INPUT", "findings[1].evidenceIds"]);
    expect(message(r)).toMatch(/I24\/R2.*证明材料/);
    await examineAll(api, s.assessor, t.id, [
      { indicatorCode: "I01", ruleCode: "R1" },
      { ...bonus, evidenceIds: [await proof(api, s.assessor)] },
    ]);
    const done = await submit(api, s.assessor, t.id);
    expect(done.score).toEqual({ total: 100, deducted: 3, bonus: 3 });
    const approved = await review(api, s.admin, t.id, true);
    expect(approved.problems.map((p) => p.indicatorCode)).toEqual(["I01"]);
  });
});

describe("an unannounced inspection (明察暗访)", () => {
  it("takes findings only on indicators whose methods include 明察暗访, naming the finding's indicatorCode", async () => {
    const s = await scene();
    const t = await started(s, "UNANNOUNCED_INSPECTION", s.venues.districtCenter);
    // 附件1 I07 一网通办 is verified in the back office only (后台验证).
    const f: Finding[] = [
      { indicatorCode: "I01", ruleCode: "R1" },
      { indicatorCode: "I07", ruleCode: "R1", occurrences: 2 },
    ];
    for (const run of [
      () => api.gql(FINDINGS, { id: t.id, f }, s.assessor.token),
      () => api.gql(SHEET, { id: t.id, f, e: [] }, s.assessor.token),
    ]) {
      const r = await refused(run);
      expect([code(r), field(r)]).toEqual(["BAD_USER_INPUT", "findings[1].indicatorCode"]);
      expect(message(r)).toMatch(/I07.*明察暗访/);
    }
    const report = await refused(() =>
      api.gql(
        REPORT,
        { i: { taskId: t.id, indicatorCode: "I07", ruleCode: "R1", description: "未实现一网通办" } },
        s.assessor.token,
      ),
    );
    expect([code(report), field(report)]).toEqual(["BAD_USER_INPUT", "indicatorCode"]);
    // Nor may it mark examined what it cannot assess.
    const marked = await refused(() => api.gql(SHEET, { id: t.id, f: [], e: ["I01", "I07"] }, s.assessor.token));
    expect([code(marked), field(marked)]).toEqual(["BAD_USER_INPUT", "examined[1]"]);
    // What 明察暗访 does assess is taken.
    expect(
      ok(await api.gql(SHEET, { id: t.id, f: f.slice(0, 1), e: ["I02"] }, s.assessor.token)).saveSheet.examined,
    ).toEqual(["I01", "I02"]);
    expect(
      ok(
        await api.gql(
          REPORT,
          { i: { taskId: t.id, indicatorCode: "I02", ruleCode: "R2", description: "2个事项未进驻" } },
          s.assessor.token,
        ),
      ).reportProblem.indicatorCode,
    ).toBe("I02");
    // The same finding is fine on a unified assessment.
    const ua = await started(s, "UNIFIED_ASSESSMENT", s.venues.districtCenter);
    expect((await saveSheet(api, s.assessor, ua.id, f, [])).examined).toEqual(["I01", "I07"]);
  });
});

describe("an indicator that does not apply at the venue", () => {
  // The 2024 rubrics have none (I13 keeps R1 at a 村 station); a rubric folder where all of I13 is limited to 社区 shows the rule.
  let other: Api;
  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), "rubrics-"));
    cpSync(join(__dirname, "../../rubrics/2024"), join(dir, "2024"), { recursive: true });
    const file = join(dir, "2024", "convenience-station.yaml");
    writeFileSync(
      file,
      readFileSync(file, "utf8").replace(
        "        text: 综合窗口未明确具体人员专职从事窗口服务工作的，扣3分\n",
        "        text: 综合窗口未明确具体人员专职从事窗口服务工作的，扣3分\n        onlyFor: COMMUNITY\n",
      ),
    );
    const saved = process.env.RUBRICS_DIR;
    process.env.RUBRICS_DIR = dir;
    try {
      other = await startApi();
    } finally {
      if (saved === undefined) delete process.env.RUBRICS_DIR;
      else process.env.RUBRICS_DIR = saved;
    }
  });
  afterAll(async () => other?.close());

  it("need not be examined at a 村 station, and must be at a 社区 station", async () => {
    const c = await city(other);
    const communityVillage = await unit(other, c.admin, "VILLAGE", c.townshipId);
    const communityStation = ok(
      await other.gql(
        `mutation($i: CreateVenueInput!) { createVenue(input: $i) { id } }`,
        {
          i: {
            code: `s-${uid()}`,
            name: "社区站",
            type: "CONVENIENCE_STATION",
            unitId: communityVillage,
            community: true,
          },
        },
        c.admin.token,
      ),
    ).createVenue.id as string;
    const assessor = await user(other, "ASSESSOR", { unitId: c.districtId });
    const withoutI13 = Array.from({ length: 20 }, (_x, i) => `I${String(i + 1).padStart(2, "0")}`).filter(
      (x) => x !== "I13",
    );
    for (const [venueId, expected] of [
      [c.venues.station, null],
      [communityStation, "I13"],
    ] as const) {
      const t = ok(
        await other.gql(
          `mutation($i: AssignTaskInput!) { assignTask(input: $i) { id } }`,
          { i: { campaignId: c.campaignId, kind: "UNIFIED_ASSESSMENT", venueId, assigneeId: assessor.id } },
          c.admin.token,
        ),
      ).assignTask;
      ok(await other.gql(`mutation($id: ID!) { startTask(id: $id) { id } }`, { id: t.id }, assessor.token));
      ok(await other.gql(SHEET, { id: t.id, f: [], e: withoutI13 }, assessor.token));
      const r = await other.gql(`mutation($id: ID!) { submitTask(id: $id) { status } }`, { id: t.id }, assessor.token);
      if (expected === null) expect(ok(r).submitTask.status).toBe("SUBMITTED");
      else
        expect([code(r), field(r), message(r)]).toEqual([
          "BAD_USER_INPUT",
          "examined",
          expect.stringContaining(": I13;"),
        ]);
    }
  });
});
