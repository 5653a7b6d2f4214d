import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runEscalation } from "../../apps/worker/src/escalation/escalation.service";
import type { RunningWorker } from "../../apps/worker/src/worker";
import { city, user, type SignedIn } from "../support/factories";
import { assign, completeScoring, review, start, submit } from "../support/flow";
import { Api, code, ok, startApi } from "../support/harness";
import { dropQueue, settled, startTestWorker } from "../support/worker";

let api: Api;
beforeAll(async () => {
  api = await startApi();
});
afterAll(async () => {
  await dropQueue(api.config.REDIS_URL, api.config.QUEUE_PREFIX);
  await api?.close();
});

const HOUR = 3_600_000;
const settings = () => ({ everyMs: api.config.ESCALATION_EVERY, stepHours: api.config.ESCALATION_STEP_HOURS });
const scan = () => runEscalation(api.ds, api.clock.now(), settings());

const TASK = `query($id: ID!) { task(id: $id) { id escalationLevel overdue history { action detail actor { id } } } }`;
const NOTES = `query($u: Boolean) { notifications(unreadOnly: $u, first: 100) { totalCount nodes { id kind message read task { id } } } }`;

/** A district with two managers, a manager of one of its townships, its sub-centre's staff, and an approved assessment's problems. */
async function district() {
  const c = await city(api);
  const managers = [
    await user(api, "UNIT_MANAGER", { unitId: c.districtId }),
    await user(api, "UNIT_MANAGER", { unitId: c.districtId }),
  ];
  const townshipManager = await user(api, "UNIT_MANAGER", { unitId: c.townshipId });
  const assessor = await user(api, "ASSESSOR", { unitId: c.districtId });
  const staff = await user(api, "VENUE_STAFF", { venueId: c.venues.districtSubcenter });
  const ua = await completeScoring(api, {
    campaignId: c.campaignId,
    kind: "UNIFIED_ASSESSMENT",
    venueId: c.venues.districtSubcenter,
    assigner: managers[0]!,
    assignee: assessor,
    findings: [
      { indicatorCode: "I01", ruleCode: "R1" },
      { indicatorCode: "I01", ruleCode: "R2" },
      { indicatorCode: "I03", ruleCode: "R1" },
    ],
  });
  return { ...c, managers, townshipManager, staff, problemIds: ua.problems.map((p) => p.id) };
}

type District = Awaited<ReturnType<typeof district>>;

async function rectification(d: District, problemId: string, dueInHours: number) {
  const dueAt = new Date(api.clock.now().getTime() + dueInHours * HOUR).toISOString();
  return assign(api, d.managers[0]!, {
    campaignId: d.campaignId,
    kind: "RECTIFICATION",
    problemIds: [problemId],
    assigneeId: d.staff.id,
    dueAt,
  });
}

const task = async (id: string, by: SignedIn) => ok(await api.gql(TASK, { id }, by.token)).task;
const notes = async (by: SignedIn, unreadOnly = false) =>
  ok(await api.gql(NOTES, { u: unreadOnly }, by.token)).notifications;
const rows = async (taskId: string) =>
  api.ds.query("SELECT level FROM escalation WHERE task_id = ? ORDER BY level", [Number(taskId)]);
const activeAdmins = async () =>
  Number((await api.ds.query("SELECT COUNT(*) AS n FROM user WHERE role = 'CITY_ADMIN' AND active = 1"))[0].n);

describe("escalation of overdue rectifications", () => {
  it("reminds a day ahead, then raises one level at a time: the district's managers, then after 72 h the city", async () => {
    api.clock.set("2024-06-01T02:00:00Z");
    const d = await district();
    const rect = await rectification(d, d.problemIds[0]!, 48);
    const onTime = await rectification(d, d.problemIds[1]!, 30);

    await scan();
    expect(await rows(rect.id)).toEqual([]);

    // 25 h later it is due within a day: the assignee is reminded, once however often the scan runs.
    api.clock.advanceHours(25);
    await scan();
    await scan();
    expect(await rows(rect.id)).toEqual([{ level: 0 }]);
    const reminders = (await notes(d.staff)).nodes.filter(
      (n: { kind: string; task: { id: string } }) => n.kind === "REMINDER" && n.task.id === rect.id,
    );
    expect(reminders).toHaveLength(1);
    expect(reminders[0].message).toMatch(/将于 2024-06-03 10:00 到期/);
    expect((await task(rect.id, d.staff)).history.map((h: { action: string }) => h.action)).toContain("REMINDED");

    // The other is completed in time: reminded, never escalated.
    await start(api, d.staff, onTime.id);
    await submit(api, d.staff, onTime.id, { report: "已整改" });
    await review(api, d.managers[0]!, onTime.id, true);

    // Past due: level 1, to both managers of the district, not to the township's manager.
    api.clock.advanceHours(24);
    const first = await scan();
    expect(first.escalated.level1).toBeGreaterThanOrEqual(1);
    expect(await task(rect.id, d.managers[0]!)).toMatchObject({ escalationLevel: 1, overdue: true });
    for (const m of d.managers) {
      const mine = (await notes(m)).nodes.filter((n: { task: { id: string } | null }) => n.task?.id === rect.id);
      expect(mine.map((n: { kind: string }) => n.kind)).toEqual(["ESCALATION_1"]);
      expect(mine[0].message).toMatch(/已逾期.*第 1 级/);
    }
    expect((await notes(d.townshipManager)).totalCount).toBe(0);

    // At most one step per interval, and level 2 only after ESCALATION_STEP_HOURS at level 1.
    for (const hours of [0, 0.5, 24, 47]) {
      api.clock.advanceHours(hours);
      await scan();
      expect((await task(rect.id, d.managers[0]!)).escalationLevel).toBe(1);
    }
    api.clock.advanceHours(1);
    const second = await scan();
    expect(second.escalated.level2).toBeGreaterThanOrEqual(1);
    expect((await task(rect.id, d.admin)).escalationLevel).toBe(2);
    // The list filters by level (the dashboard's escalation boxes open these lists).
    const atLevel = async (level: number) =>
      ok(
        await api.gql(
          `query($l: Int) { tasks(filter: { kind: RECTIFICATION, escalationLevel: $l }) { nodes { id } } }`,
          { l: level },
          d.admin.token,
        ),
      ).tasks.nodes.map((n: { id: string }) => n.id);
    expect(await atLevel(2)).toContain(rect.id);
    expect(await atLevel(1)).not.toContain(rect.id);
    expect(await atLevel(0)).toContain(onTime.id);
    // Still to do, or done: the open filter (an assessor's 待办).
    const open = async (o: boolean) =>
      ok(
        await api.gql(
          `query($o: Boolean) { tasks(filter: { kind: RECTIFICATION, open: $o }) { nodes { id } } }`,
          { o },
          d.admin.token,
        ),
      ).tasks.nodes.map((n: { id: string }) => n.id);
    expect(await open(true)).toContain(rect.id);
    expect(await open(true)).not.toContain(onTime.id);
    expect(await open(false)).toContain(onTime.id);
    const cityNotes = (await notes(d.admin)).nodes.filter(
      (n: { task: { id: string } | null }) => n.task?.id === rect.id,
    );
    expect(cityNotes.map((n: { kind: string }) => n.kind)).toEqual(["ESCALATION_2"]);
    expect(
      Number(
        (
          await api.ds.query("SELECT COUNT(*) AS n FROM notification WHERE task_id = ? AND kind = 'ESCALATION_2'", [
            Number(rect.id),
          ])
        )[0].n,
      ),
    ).toBe(await activeAdmins());

    // There is no level 3; the history shows each step once, by the system.
    api.clock.advanceHours(500);
    await scan();
    expect(await rows(rect.id)).toEqual([{ level: 0 }, { level: 1 }, { level: 2 }]);
    const history = (await task(rect.id, d.admin)).history.filter(
      (h: { action: string }) => h.action === "ESCALATED" || h.action === "REMINDED",
    );
    expect(history.map((h: { action: string; actor: unknown }) => [h.action, h.actor])).toEqual([
      ["REMINDED", null],
      ["ESCALATED", null],
      ["ESCALATED", null],
    ]);
    expect(history[1].detail).toMatch(/^level 1: overdue since .*notified 2 user/);
    expect(await rows(onTime.id)).toEqual([{ level: 0 }]);
  });

  it("takes no second step within one escalation interval, even when the step time is shorter", async () => {
    api.clock.set("2024-07-01T02:00:00Z");
    const d = await district();
    const rect = await rectification(d, d.problemIds[0]!, 1);
    api.clock.advanceHours(2);
    const s = { everyMs: 3 * HOUR, stepHours: 1 };
    await runEscalation(api.ds, api.clock.now(), s);
    expect((await task(rect.id, d.admin)).escalationLevel).toBe(1);
    api.clock.advanceHours(2); // step hours passed, interval not
    await runEscalation(api.ds, api.clock.now(), s);
    expect((await task(rect.id, d.admin)).escalationLevel).toBe(1);
    api.clock.advanceHours(1);
    await runEscalation(api.ds, api.clock.now(), s);
    expect((await task(rect.id, d.admin)).escalationLevel).toBe(2);
  });

  it("escalates each task exactly once per level when two workers and direct scans run at the same time", async () => {
    api.clock.set("2024-08-01T02:00:00Z");
    const d = await district();
    // Sixty overdue rectifications of the district's sub-centre, written directly: only the escalation is under test.
    const [{ id: managerId }] = await api.ds.query("SELECT id FROM user WHERE id = ?", [Number(d.managers[0]!.id)]);
    const values = Array.from({ length: 60 }, () => [
      Number(d.campaignId),
      "RECTIFICATION",
      "ASSIGNED",
      Number(d.venues.districtSubcenter),
      Number(d.districtId),
      Number(d.staff.id),
      managerId,
      new Date(api.clock.now().getTime() - HOUR),
    ]);
    await api.ds.query(
      "INSERT INTO task (campaign_id, kind, status, venue_id, unit_id, assignee_id, assigned_by_id, due_at) VALUES ?",
      [values],
    );
    const ids: number[] = (
      await api.ds.query("SELECT id FROM task WHERE kind = 'RECTIFICATION' AND venue_id = ? AND due_at < ?", [
        Number(d.venues.districtSubcenter),
        api.clock.now(),
      ])
    ).map((r: { id: number }) => r.id);
    expect(ids.length).toBeGreaterThanOrEqual(60);

    const workers: RunningWorker[] = [
      await startTestWorker(api, { concurrency: 3 }),
      await startTestWorker(api, { concurrency: 3 }),
    ];
    try {
      const race = async () => {
        const triggered = await Promise.all(
          [0, 1, 2].map(() => api.gql(`mutation { triggerEscalation { id state } }`, {}, d.admin.token)),
        );
        const direct = await Promise.all([scan(), scan(), scan()]);
        for (const t of triggered)
          expect((await settled(api, d.admin.token, ok(t).triggerEscalation.id)).state).toBe("COMPLETED");
        return direct;
      };
      const check = async (level: number, perTask: number) => {
        const [row] = await api.ds.query(
          `SELECT COUNT(*) AS escalations, COUNT(DISTINCT task_id) AS tasks,
             (SELECT COUNT(*) FROM task_event WHERE task_id IN (?) AND action = 'ESCALATED' AND detail LIKE ?) AS events,
             (SELECT COUNT(*) FROM notification WHERE task_id IN (?) AND kind = ?) AS notes,
             (SELECT COUNT(*) FROM task WHERE id IN (?) AND escalation_level = ?) AS at_level
           FROM escalation WHERE task_id IN (?) AND level = ?`,
          [ids, `level ${level}:%`, ids, `ESCALATION_${level}`, ids, level, ids, level],
        );
        expect(Object.fromEntries(Object.entries(row).map(([k, v]) => [k, Number(v)]))).toEqual({
          escalations: ids.length,
          tasks: ids.length,
          events: ids.length,
          notes: ids.length * perTask,
          at_level: ids.length,
        });
      };
      await race();
      await check(1, 2);
      api.clock.advanceHours(72);
      await race();
      await check(2, await activeAdmins());
    } finally {
      await Promise.all(workers.map((w) => w.close()));
    }
  });

  it("is triggered by the city admin only, and its run is seen by its requester and the city", async () => {
    const d = await district();
    const other = await user(api, "CITY_ADMIN");
    const manager = d.managers[0]!;
    expect(code(await api.gql(`mutation { triggerEscalation { id } }`, {}, manager.token))).toBe("FORBIDDEN");
    const token = ok(await api.gql(`mutation { createApiToken(name: "esc") }`, {}, d.admin.token)).createApiToken;
    expect(code(await api.gql(`mutation { triggerEscalation { id } }`, {}, token))).toBe("FORBIDDEN");

    const worker = await startTestWorker(api);
    try {
      const queued = ok(
        await api.gql(`mutation { triggerEscalation { id name state failedReason } }`, {}, d.admin.token),
      ).triggerEscalation;
      expect(queued).toMatchObject({ name: "escalation", failedReason: null });
      expect(["QUEUED", "ACTIVE", "COMPLETED"]).toContain(queued.state);
      const done = await settled(api, d.admin.token, queued.id);
      expect(done).toMatchObject({ state: "COMPLETED", failedReason: null, attempts: 1 });
      expect(done.result).toMatchObject({
        at: api.clock.now().toISOString(),
        escalated: { level1: expect.any(Number), level2: expect.any(Number) },
      });
      expect(
        ok(await api.gql(`query($id: ID!) { jobRun(id: $id) { id } }`, { id: queued.id }, other.token)).jobRun.id,
      ).toBe(queued.id);
      expect(code(await api.gql(`query($id: ID!) { jobRun(id: $id) { id } }`, { id: queued.id }, manager.token))).toBe(
        "NOT_FOUND",
      );
      expect(code(await api.gql(`query { jobRun(id: "99999") { id } }`, {}, d.admin.token))).toBe("NOT_FOUND");
    } finally {
      await worker.close();
    }
  });
});

describe("notifications", () => {
  it("are the signed-in user's own, newest first, and can be marked read", async () => {
    api.clock.set("2024-09-01T02:00:00Z");
    const d = await district();
    const a = await rectification(d, d.problemIds[0]!, 1);
    const b = await rectification(d, d.problemIds[1]!, 2);
    api.clock.advanceHours(3);
    await scan();
    const manager = d.managers[1]!;
    const all = await notes(manager);
    expect(all.nodes.map((n: { task: { id: string }; read: boolean }) => [n.task.id, n.read])).toEqual([
      [b.id, false],
      [a.id, false],
    ]);
    // Paging follows the cursor.
    const page = ok(
      await api.gql(
        `{ notifications(first: 1) { nodes { id } pageInfo { hasNextPage endCursor } } }`,
        {},
        manager.token,
      ),
    ).notifications;
    expect(page.pageInfo.hasNextPage).toBe(true);
    const next = ok(
      await api.gql(
        `query($a: String) { notifications(first: 1, after: $a) { nodes { id } } }`,
        { a: page.pageInfo.endCursor },
        manager.token,
      ),
    );
    expect(next.notifications.nodes[0].id).toBe(all.nodes[1].id);

    // Someone else's notification is not theirs to mark.
    const theirs = (await notes(d.managers[0]!)).nodes[0].id;
    expect(
      ok(
        await api.gql(
          `mutation($ids: [ID!]) { markNotificationsRead(ids: $ids) }`,
          { ids: [theirs, all.nodes[1].id] },
          manager.token,
        ),
      ).markNotificationsRead,
    ).toBe(1);
    expect((await notes(manager, true)).nodes.map((n: { id: string }) => n.id)).toEqual([all.nodes[0].id]);
    expect(ok(await api.gql(`mutation { markNotificationsRead }`, {}, manager.token)).markNotificationsRead).toBe(1);
    expect((await notes(manager, true)).totalCount).toBe(0);
    expect((await notes(d.managers[0]!, true)).totalCount).toBe(2);
    expect(code(await api.gql(`{ notifications { totalCount } }`))).toBe("UNAUTHENTICATED");
  });
});
