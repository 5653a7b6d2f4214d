import { createDataSource } from "@assess/data";
import { createConnection } from "mysql2/promise";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { city, user } from "../support/factories";
import { M } from "../support/flow";
import { galeraMissing, startGalera, waitSyncedPorts, type Galera } from "../support/galera";
import { ok, startApi, type Api } from "../support/harness";
import { inTransaction } from "../../apps/api/src/common/transaction";

const missing = galeraMissing();
if (missing) console.warn(`galera.test.ts skipped: ${missing}`);

/** One writer's record: how many of its saves were answered with success, how many failed, and how it ended. */
interface Writer {
  taskId: string;
  acknowledged: number;
  failed: number;
  errors: string[];
  /** Whether each save after the kill (in order) succeeded. */
  afterKill: boolean[];
}

describe.skipIf(missing)("on a three-node MariaDB Galera cluster", () => {
  let cluster: Galera | undefined;
  let api: Api | undefined;

  let startSeconds = 0;

  beforeAll(async () => {
    const t0 = Date.now();
    cluster = await startGalera();
    startSeconds = Math.round((Date.now() - t0) / 1000);
    api = await startApi({}, undefined, { server: cluster.server });
  }, 150_000);

  afterAll(async () => {
    await api?.close().catch(() => {});
    await cluster?.stop();
  }, 60_000);

  /** The port of the node the API's pool is on now. */
  const nodeInUse = async (): Promise<number> => Number((await api!.ds.query("SELECT @@port AS port"))[0].port);
  const databaseName = () => api!.databaseUrl.split("/").pop();

  it("leaves out a node that lost the quorum (it answers 1047) and goes on through the others", async () => {
    const a = api!;
    const c = await city(a);
    const used = await nodeInUse();
    const isolate = async (on: boolean) => {
      const conn = await createConnection({ host: "127.0.0.1", port: used, user: "root" });
      try {
        await conn.query(`SET GLOBAL wsrep_provider_options = 'gmcast.isolate=${on ? 1 : 0}'`);
      } finally {
        await conn.end();
      }
    };
    await isolate(true);
    try {
      // The node cuts itself off from the others and refuses statements (1047); the others go on as a cluster of two.
      const answers: boolean[] = [];
      const until = Date.now() + 60_000;
      while (answers.filter(Boolean).length < 5 && Date.now() < until) {
        const i = {
          code: `isolated-${answers.length}-${Date.now()}`,
          name: "隔离测试乡镇",
          kind: "TOWNSHIP",
          parentId: c.districtId,
        };
        const r = await a.gql(`mutation($i: CreateUnitInput!) { createUnit(input: $i) { id } }`, { i }, c.admin.token);
        answers.push(!r.errors?.length);
      }
      expect(answers.slice(-5)).toEqual([true, true, true, true, true]);
      expect(await nodeInUse()).not.toBe(used);
    } finally {
      await isolate(false);
      await waitSyncedPorts(cluster!.alive(), 3, 60_000);
    }
  }, 150_000);

  it("migrates, bulk-assigns, and loses no acknowledged write when a node is killed under write load", async () => {
    const a = api!;
    const c = await city(a);
    const assessor = await user(a, "ASSESSOR", { unitId: c.cityId });

    // Galera steps auto-increment ids by the cluster's size: the bulk assignment must not assume consecutive ids.
    const created = ok(
      await a.gql(
        M.assignTasks,
        {
          i: {
            campaignId: c.campaignId,
            kind: "UNIFIED_ASSESSMENT",
            unitId: c.cityId,
            venueTypes: null,
            assigneeId: assessor.id,
          },
        },
        c.admin.token,
      ),
    ).assignTasks;
    const tasks: { id: number; assigned: number }[] = await a.ds.query(
      "SELECT t.id, (SELECT COUNT(*) FROM task_event e WHERE e.task_id = t.id AND e.action = 'ASSIGNED') AS assigned FROM task t WHERE t.assigned_by_id = ? ORDER BY t.id",
      [Number(c.admin.id)],
    );
    expect(tasks.length).toBe(created);
    expect(created).toBeGreaterThanOrEqual(4);
    expect(tasks.every((t) => Number(t.assigned) === 1)).toBe(true);
    const steps = new Set(tasks.slice(1).map((t, i) => t.id - tasks[i]!.id));
    expect([...steps].some((s) => s > 1)).toBe(true);

    for (const t of tasks) ok(await a.gql(M.startTask, { id: String(t.id) }, assessor.token));
    const versions: { id: number; version: number }[] = await a.ds.query(
      "SELECT id, version FROM task WHERE id IN (?)",
      [tasks.map((t) => t.id)],
    );
    const before = new Map(versions.map((v) => [String(v.id), v.version]));

    // One writer per task, each saving the task's sheet over and over (every save is one committed version).
    let killed = false;
    let stop = false;
    const writers: Writer[] = tasks.map((t) => ({
      taskId: String(t.id),
      acknowledged: 0,
      failed: 0,
      errors: [],
      afterKill: [],
    }));
    const write = async (w: Writer) => {
      while (!stop) {
        const after = killed;
        const r = await a
          .gql(M.saveFindings, { id: w.taskId, f: [] }, assessor.token)
          .catch((e: Error) => ({ errors: [{ message: e.message }] }));
        const success = !("errors" in r && r.errors?.length);
        if (success) {
          w.acknowledged++;
        } else {
          w.failed++;
          w.errors.push(("errors" in r && r.errors?.[0]?.message) || "?");
        }
        if (after) w.afterKill.push(success);
      }
    };
    const load = Promise.all(writers.map(write));
    while (writers.some((w) => w.acknowledged < 5)) await new Promise((r) => setTimeout(r, 50));

    // The node the API writes to dies mid-load.
    const victim = await nodeInUse();
    cluster!.kill(victim);
    killed = true;
    const until = Date.now() + 30_000;
    while (writers.some((w) => w.afterKill.filter(Boolean).length < 10) && Date.now() < until)
      await new Promise((r) => setTimeout(r, 50));
    stop = true;
    await load;

    // Read back through a surviving node: every acknowledged save is there (a save whose answer was lost may be too).
    const survivor = await createConnection({
      host: "127.0.0.1",
      port: cluster!.alive()[0]!,
      user: "root",
      database: databaseName(),
    });
    try {
      const [rows] = await survivor.query("SELECT id, version FROM task WHERE id IN (?) ORDER BY id", [
        tasks.map((t) => t.id),
      ]);
      // Each save of the sheet is one version more.
      const saved = new Map(
        (rows as { id: number; version: number }[]).map((r) => [String(r.id), r.version - before.get(String(r.id))!]),
      );
      const lost = writers.filter((w) => saved.get(w.taskId)! < w.acknowledged);
      const acknowledged = writers.reduce((n, w) => n + w.acknowledged, 0);
      const failed = writers.reduce((n, w) => n + w.failed, 0);
      const why = [...new Set(writers.flatMap((w) => w.errors))].join("; ");
      console.log(
        `galera: cluster up in ${startSeconds} s; ${tasks.length} tasks bulk-assigned (ids step ${[...steps].join("/")}), ${acknowledged} saves acknowledged, ${failed} failed around the kill, ${lost.length} writers lost a save${why ? ` (failures: ${why})` : ""}`,
      );
      expect(lost).toEqual([]);
      for (const w of writers) expect(saved.get(w.taskId)).toBeLessThanOrEqual(w.acknowledged + w.failed);
    } finally {
      await survivor.end();
    }
    // Requests go on through the other nodes: the last saves of every writer succeeded.
    for (const w of writers) expect(w.afterKill.slice(-5)).toEqual([true, true, true, true, true]);
  }, 120_000);

  it("runs a transaction again when Galera's certification refuses it for a conflict with another node", async () => {
    const a = api!;
    await a.ds.query("CREATE TABLE galera_counter (id INT PRIMARY KEY, n INT NOT NULL)");
    await a.ds.query("INSERT INTO galera_counter VALUES (1, 0)");
    // Two processes, each on a node of its own: row locks do not reach across nodes, so concurrent increments of one
    // row conflict at certification, and the loser sees a deadlock (1213).
    const sources = cluster!
      .alive()
      .slice(0, 2)
      .map((port) => createDataSource(`mysql://root@127.0.0.1:${port}/${databaseName()}`, { poolSize: 2 }));
    expect(sources.length).toBe(2);
    await Promise.all(sources.map((ds) => ds.initialize()));
    let attempts = 0;
    try {
      const increment = (ds: (typeof sources)[number]) =>
        // Four writers on one row is a worst case: allowed more attempts than the default six.
        inTransaction(
          ds,
          async (m) => {
            attempts++;
            const [{ n }] = await m.query("SELECT n FROM galera_counter WHERE id = 1 FOR UPDATE");
            await m.query("UPDATE galera_counter SET n = ? WHERE id = 1", [n + 1]);
          },
          12,
        );
      const loops = sources
        .flatMap((ds) => [ds, ds])
        .map(async (ds) => {
          for (let i = 0; i < 10; i++) await increment(ds);
        });
      await Promise.all(loops);
      // Galera applies another node's commits a moment after certifying them: a causal read waits until they are.
      const reader = sources[0]!.createQueryRunner();
      const [{ n }] = await reader
        .query("SET SESSION wsrep_sync_wait = 1")
        .then(() => reader.query("SELECT n FROM galera_counter WHERE id = 1"))
        .finally(() => reader.release());
      console.log(`galera: 40 increments from two nodes took ${attempts} attempts`);
      expect(n).toBe(40);
      expect(attempts).toBeGreaterThan(40);
    } finally {
      await Promise.all(sources.map((ds) => ds.destroy()));
    }
  }, 60_000);
});
