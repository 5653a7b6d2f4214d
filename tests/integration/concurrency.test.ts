import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { city, user } from "../support/factories";
import { assign, completeScoring, raw, start, submit } from "../support/flow";
import { Api, GqlResult, code, ok, startApi } from "../support/harness";

let api: Api;
beforeAll(async () => {
  api = await startApi();
});
afterAll(async () => api?.close());

/** Which of two concurrent answers won: exactly one must succeed and the other be refused with `refusal`. */
function oneWins(results: GqlResult[], refusal = "CONFLICT"): number {
  const winners = results.map((r, i) => (r.errors?.length ? -1 : i)).filter((i) => i >= 0);
  expect(winners, JSON.stringify(results.map((r) => r.errors?.[0] ?? "ok"))).toHaveLength(1);
  const loser = results[1 - winners[0]!]!;
  expect(code(loser)).toBe(refusal);
  return winners[0]!;
}

async function district() {
  const c = await city(api);
  const manager = await user(api, "UNIT_MANAGER", { unitId: c.districtId });
  const assessor = await user(api, "ASSESSOR", { unitId: c.districtId });
  return { ...c, manager, assessor };
}

describe("concurrent writes", () => {
  it("lets one of two saveFindings at the same version win; the other gets CONFLICT and changes nothing", async () => {
    const d = await district();
    const t = await assign(api, d.manager, {
      campaignId: d.campaignId,
      kind: "UNIFIED_ASSESSMENT",
      venueId: d.venues.districtSubcenter,
      assigneeId: d.assessor.id,
    });
    let { version } = await start(api, d.assessor, t.id);
    const sheets = [
      [{ indicatorCode: "I01", ruleCode: "R1", note: "sheet A" }],
      [{ indicatorCode: "I02", ruleCode: "R2", occurrences: 3, note: "sheet B" }],
    ];
    for (let round = 0; round < 8; round++) {
      const results = await Promise.all(sheets.map((f) => raw.save(api, d.assessor, t.id, f, version)));
      const winner = oneWins(results);
      const now = ok(
        await api.gql(
          `query($id: ID!) { task(id: $id) { version findings { note } history { action } } }`,
          { id: t.id },
          d.assessor.token,
        ),
      ).task;
      expect(now.version).toBe(version + 1);
      expect(now.findings.map((f: { note: string }) => f.note)).toEqual([sheets[winner]![0]!.note]);
      expect(now.history.filter((e: { action: string }) => e.action === "FINDINGS_SAVED")).toHaveLength(round + 1);
      version = now.version;
    }
    // A save at a stale version is refused even when nobody else is writing.
    expect(code(await raw.save(api, d.assessor, t.id, [], version - 1))).toBe("CONFLICT");
  });

  it("saves many assessors' sheets of different tasks at once without a failure (no deadlock)", async () => {
    const d = await district();
    const tasks = [];
    for (let i = 0; i < 12; i++) {
      const t = await assign(api, d.manager, {
        campaignId: d.campaignId,
        kind: "UNANNOUNCED_INSPECTION",
        venueId: d.venues.station,
        assigneeId: d.assessor.id,
      });
      await start(api, d.assessor, t.id);
      tasks.push(t.id);
    }
    for (let round = 0; round < 3; round++) {
      const results = await Promise.all(
        tasks.map((id, i) =>
          raw.save(api, d.assessor, id, [
            { indicatorCode: "I18", ruleCode: "R1", occurrences: (i + round) % 3, note: `round ${round}` },
            { indicatorCode: "I13", ruleCode: "R1" },
          ]),
        ),
      );
      expect(results.filter((r) => r.errors).map((r) => r.errors![0]!.extensions?.code)).toEqual([]);
    }
    const [row] = await api.ds.query("SELECT COUNT(*) AS n FROM finding WHERE task_id IN (?) AND note = 'round 2'", [
      tasks.map(Number),
    ]);
    expect(Number(row.n)).toBe(12);
  });

  it("assigns one open self-check of a venue however many managers try at once", async () => {
    const d = await district();
    const other = await user(api, "UNIT_MANAGER", { unitId: d.districtId });
    for (const venueId of [d.venues.districtSubcenter, d.venues.convenienceCenter, d.venues.station]) {
      const results = await Promise.all(
        [d.manager, other].map((m) =>
          raw.assign(api, m, { campaignId: d.campaignId, kind: "SELF_CHECK", venueId, assigneeId: d.assessor.id }),
        ),
      );
      oneWins(results);
      const [row] = await api.ds.query("SELECT COUNT(*) AS n FROM task WHERE venue_id = ? AND kind = 'SELF_CHECK'", [
        Number(venueId),
      ]);
      expect(Number(row.n)).toBe(1);
    }
  });

  it("puts a problem into one rectification only", async () => {
    const d = await district();
    const staff = await user(api, "VENUE_STAFF", { venueId: d.venues.districtSubcenter });
    const ua = await completeScoring(api, {
      campaignId: d.campaignId,
      kind: "UNIFIED_ASSESSMENT",
      venueId: d.venues.districtSubcenter,
      assigner: d.manager,
      assignee: d.assessor,
      findings: [{ indicatorCode: "I01", ruleCode: "R1" }],
    });
    const problemIds = ua.problems.map((p) => p.id);
    const results = await Promise.all(
      [d.manager, d.admin].map((m) =>
        raw.assign(api, m, { campaignId: d.campaignId, kind: "RECTIFICATION", problemIds, assigneeId: staff.id }),
      ),
    );
    oneWins(results);
    const [row] = await api.ds.query("SELECT COUNT(*) AS n FROM task_problem WHERE problem_id = ?", [
      Number(problemIds[0]),
    ]);
    expect(Number(row.n)).toBe(1);
  });

  it("lets one of two reviews of a submitted task decide", async () => {
    const d = await district();
    for (let round = 0; round < 4; round++) {
      const t = await assign(api, d.manager, {
        campaignId: d.campaignId,
        kind: "UNANNOUNCED_INSPECTION",
        venueId: d.venues.station,
        assigneeId: d.assessor.id,
      });
      await start(api, d.assessor, t.id);
      await submit(api, d.assessor, t.id);
      const results = await Promise.all([
        raw.review(api, d.manager, t.id, true),
        raw.review(api, d.admin, t.id, false, "redo"),
      ]);
      const winner = oneWins(results);
      const now = ok(
        await api.gql(`query($id: ID!) { task(id: $id) { status history { action } } }`, { id: t.id }, d.manager.token),
      ).task;
      expect(now.status).toBe(winner === 0 ? "COMPLETED" : "RETURNED");
      expect(now.history.map((e: { action: string }) => e.action)).toEqual([
        "ASSIGNED",
        "STARTED",
        "SUBMITTED",
        winner === 0 ? "APPROVED" : "RETURNED",
      ]);
    }
  });
});
