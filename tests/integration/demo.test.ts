import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { createConnection } from "mysql2/promise";
import { afterAll, describe, expect, it } from "vitest";
import { dropDatabase } from "@assess/data";
import { checkSubmittable, inspectable, ruleApplies, type TaskKind, type VenueType } from "@assess/domain";
import { loadRubrics } from "@assess/rubrics";
import { MARIADB, REDIS_URL } from "../support/harness";

const run = promisify(execFile);
const root = join(__dirname, "..", "..");
const demo = join(root, "scripts", "dist", "demo.js");
const name = `sa_test_demo_${randomBytes(4).toString("hex")}`;
const url = `${MARIADB}/${name}`;
const env = {
  ...process.env,
  DATABASE_URL: url,
  REDIS_URL,
  QUEUE_PREFIX: `test-${name}`,
  ADMIN_USERNAME: "demo-owner",
  ADMIN_PASSWORD: "owner-pass-123",
  BCRYPT_ROUNDS: "4",
};

afterAll(() => dropDatabase(url));

async function rows<T>(sql: string): Promise<T[]> {
  const u = new URL(url);
  const c = await createConnection({
    host: u.hostname,
    port: Number(u.port || 3306),
    user: u.username || "root",
    database: name,
  });
  try {
    const [r] = await c.query(sql);
    return r as T[];
  } finally {
    await c.end();
  }
}

describe.skipIf(!existsSync(demo))("npm run demo (the loader, without starting the servers)", () => {
  it("loads 鞍山市 half-way through 2024 on an empty database, once", async () => {
    const first = await run(process.execPath, [demo, "--no-start"], { env, cwd: root, timeout: 120_000 });
    expect(first.stdout).toMatch(/Loaded in/);
    expect(first.stdout).toMatch(/CITY_ADMIN/);

    const venues = await rows<{ type: string; n: number }>("SELECT type, COUNT(*) AS n FROM venue GROUP BY type");
    const byType = Object.fromEntries(venues.map((v) => [v.type, Number(v.n)]));
    expect(byType.COMPREHENSIVE_CENTER).toBeGreaterThanOrEqual(8);
    expect(byType.PROFESSIONAL_SUBCENTER).toBeGreaterThanOrEqual(12);
    expect(byType.CONVENIENCE_CENTER).toBeGreaterThanOrEqual(80);
    expect(byType.CONVENIENCE_STATION).toBeGreaterThanOrEqual(900);
    const districts = await rows<{ name: string }>("SELECT name FROM unit WHERE kind = 'DISTRICT'");
    expect(districts.map((d) => d.name)).toEqual(
      expect.arrayContaining(["铁东区", "铁西区", "立山区", "千山区", "台安县", "岫岩满族自治县", "海城市"]),
    );

    const roles = await rows<{ role: string }>("SELECT DISTINCT role FROM user");
    expect(roles.map((r) => r.role).sort()).toEqual([
      "ASSESSOR",
      "CITY_ADMIN",
      "INTEGRATOR",
      "UNIT_MANAGER",
      "VENUE_STAFF",
    ]);
    expect(await rows("SELECT 1 FROM user WHERE username = 'demo-owner' AND role = 'CITY_ADMIN'")).toHaveLength(1);

    const statuses = await rows<{ status: string }>("SELECT DISTINCT status FROM task");
    expect(statuses.map((s) => s.status).sort()).toEqual([
      "ASSIGNED",
      "CANCELLED",
      "COMPLETED",
      "IN_PROGRESS",
      "RETURNED",
      "SUBMITTED",
    ]);
    const levels = await rows<{ l: number }>(
      "SELECT DISTINCT escalation_level AS l FROM task WHERE kind = 'RECTIFICATION' AND status NOT IN ('COMPLETED','CANCELLED') AND due_at < UTC_TIMESTAMP()",
    );
    expect(levels.map((l) => Number(l.l)).sort()).toEqual(expect.arrayContaining([0, 1, 2]));
    const verdicts = await rows<{ resolved: number }>(
      "SELECT DISTINCT resolved FROM task_problem tp JOIN task t ON t.id = tp.task_id WHERE t.kind = 'RECHECK' AND tp.resolved IS NOT NULL",
    );
    expect(verdicts.map((v) => Number(v.resolved)).sort()).toEqual([0, 1]);
    // Scored sheets agree with their findings: every completed assessment has a total.
    expect(
      await rows(
        "SELECT 1 FROM task WHERE kind = 'UNIFIED_ASSESSMENT' AND status = 'COMPLETED' AND score_total IS NULL",
      ),
    ).toHaveLength(0);
    await sheetsHoldTheRules();

    const count = async () =>
      (
        await rows<{ n: number }>(
          "SELECT (SELECT COUNT(*) FROM venue) + (SELECT COUNT(*) FROM task) + (SELECT COUNT(*) FROM user) AS n",
        )
      )[0]!.n;
    const before = Number(await count());
    const second = await run(process.execPath, [demo, "--no-start"], { env, cwd: root, timeout: 120_000 });
    expect(second.stdout).not.toMatch(/Loaded in/);
    expect(Number(await count())).toBe(before);
  }, 240_000);
});

/**
 * The loaded sheets keep the rules the API applies: stations of 社区 (names ending 社区) are community stations; every
 * submitted self-check and assessment would be accepted by submitTask now (complete, bonuses with evidence, rules that
 * apply at the venue); an inspection found problems only where 明察暗访 assesses, and no rule limited to 社区 at a 村.
 */
async function sheetsHoldTheRules() {
  const stations = await rows<{ name: string; community: number }>(
    "SELECT name, community FROM venue WHERE type = 'CONVENIENCE_STATION'",
  );
  expect(stations.filter((v) => Boolean(v.community) !== v.name.endsWith("社区便民服务站"))).toEqual([]);
  expect(stations.filter((v) => v.community).length).toBeGreaterThan(50);
  expect(stations.filter((v) => !v.community).length).toBeGreaterThan(500);
  expect(await rows("SELECT 1 FROM venue WHERE type <> 'CONVENIENCE_STATION' AND community = 1")).toHaveLength(0);

  const rubrics = loadRubrics();
  const tasks = await rows<{
    id: number;
    kind: TaskKind;
    rubric_code: string;
    examined: string;
    type: VenueType;
    community: number;
  }>(
    `SELECT t.id, t.kind, t.rubric_code, t.examined, v.type, v.community FROM task t JOIN venue v ON v.id = t.venue_id
     WHERE t.kind IN ('SELF_CHECK', 'UNIFIED_ASSESSMENT') AND t.status IN ('SUBMITTED', 'RETURNED', 'COMPLETED')`,
  );
  const findings = await rows<{
    task_id: number;
    indicator_code: string;
    rule_code: string;
    occurrences: number;
    evidence: number;
  }>(
    `SELECT f.task_id, f.indicator_code, f.rule_code, f.occurrences,
            (SELECT COUNT(*) FROM evidence_link l WHERE l.owner_type = 'FINDING' AND l.owner_id = f.id) AS evidence
     FROM finding f ORDER BY f.task_id, f.position`,
  );
  const byTask = new Map<number, typeof findings>();
  for (const f of findings) byTask.set(f.task_id, [...(byTask.get(f.task_id) ?? []), f]);
  expect(tasks.length).toBeGreaterThan(1000);
  const refused: string[] = [];
  for (const t of tasks) {
    const sheet = (byTask.get(t.id) ?? []).map((f) => ({
      indicatorCode: f.indicator_code,
      ruleCode: f.rule_code,
      occurrences: f.occurrences,
      evidenceCount: Number(f.evidence),
    }));
    try {
      checkSubmittable(
        rubrics.byCode(t.rubric_code)!,
        { findings: sheet, examined: t.examined ? t.examined.split(",") : [] },
        { kind: t.kind, venue: { type: t.type, community: Boolean(t.community) } },
      );
    } catch (e) {
      refused.push(`task ${t.id}: ${(e as Error).message}`);
    }
  }
  expect(refused).toEqual([]);

  const problems = await rows<{
    source_kind: string;
    indicator_code: string;
    rule_code: string;
    rubric_code: string;
    community: number;
    type: VenueType;
  }>(
    `SELECT pr.source_kind, pr.indicator_code, pr.rule_code, t.rubric_code, v.community, v.type FROM problem pr
     JOIN task t ON t.id = pr.source_task_id JOIN venue v ON v.id = pr.venue_id`,
  );
  const misplaced = problems.filter((p) => {
    const indicator = rubrics.byCode(p.rubric_code)!.indicators.find((i) => i.code === p.indicator_code)!;
    const rule = indicator.rules.find((r) => r.code === p.rule_code)!;
    return (
      !ruleApplies(rule, { type: p.type, community: Boolean(p.community) }) ||
      (p.source_kind === "UNANNOUNCED_INSPECTION" && !inspectable(indicator))
    );
  });
  expect(misplaced).toEqual([]);
}
