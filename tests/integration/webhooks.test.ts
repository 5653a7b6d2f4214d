import { createHmac } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isPrivateAddress } from "@assess/jobs";
import { post } from "../../apps/worker/src/webhooks/deliver";
import type { RunningWorker } from "../../apps/worker/src/worker";
import { city, unit, user, venue, type SignedIn } from "../support/factories";
import { assign, completeScoring } from "../support/flow";
import { code, ok, startApi, type Api } from "../support/harness";
import { startTestWorker, waitFor } from "../support/worker";

/** A receiver on this machine: it records every POST (raw body, headers) and answers 500 to the first `failFirst`. */
function receiver() {
  const got: { path: string; headers: Record<string, string>; body: string; status: number }[] = [];
  let failFirst = 0;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const status = failFirst > 0 ? (failFirst--, 500) : 200;
      got.push({
        path: req.url ?? "",
        headers: req.headers as Record<string, string>,
        body: Buffer.concat(chunks).toString("utf8"),
        status,
      });
      res.writeHead(status).end();
    });
  });
  return {
    got,
    failNext: (n: number) => (failFirst = n),
    listen: () =>
      new Promise<string>((resolve) =>
        server.listen(0, "127.0.0.1", () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)),
      ),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const CREATE = `mutation($u: String!, $e: [WebhookEvent!]!) { createWebhook(url: $u, events: $e) { secret webhook { id url events active } } }`;
const EVENTS = ["TASK_ASSIGNED", "TASK_SUBMITTED", "TASK_COMPLETED", "PROBLEM_CREATED"];

describe("webhooks (issue 12)", () => {
  let api: Api;
  let worker: RunningWorker;
  const hook = receiver();
  let base: string;
  const tally = { deliveries: 0, retried: 0, signaturesChecked: 0, refusedUrls: 0 };

  beforeAll(async () => {
    api = await startApi({ WEBHOOK_ALLOW_PRIVATE: "1" });
    api.clock.set(new Date());
    worker = await startTestWorker(api);
    base = await hook.listen();
  });
  afterAll(async () => {
    console.log(
      `webhooks: ${tally.deliveries} deliveries received, ${tally.retried} retried after a failure, ${tally.signaturesChecked} signatures checked, ${tally.refusedUrls} URLs refused`,
    );
    await worker?.close();
    await api?.close();
    await hook.close();
  });

  it("delivers signed events of what the owner may see, retries after a failing receiver, and tells another district nothing", async () => {
    const c = await city(api);
    const districtB = await unit(api, c.admin, "DISTRICT", c.cityId);
    const venueB = await venue(api, c.admin, "PROFESSIONAL_SUBCENTER", districtB);
    const [mgrA, mgrB, assessor, staffB] = await Promise.all([
      user(api, "UNIT_MANAGER", { unitId: c.districtId }),
      user(api, "UNIT_MANAGER", { unitId: districtB }),
      user(api, "ASSESSOR", { unitId: c.districtId }),
      user(api, "VENUE_STAFF", { venueId: venueB }),
    ]);
    const a = ok(await api.gql(CREATE, { u: `${base}/a`, e: EVENTS }, mgrA.token)).createWebhook;
    const b = ok(await api.gql(CREATE, { u: `${base}/b`, e: EVENTS }, mgrB.token)).createWebhook;
    expect(a.webhook).toMatchObject({ url: `${base}/a`, events: EVENTS, active: true });
    expect(a.secret).toMatch(/^[0-9a-f]{64}$/);

    // District A's year: assigned, scored with a finding, submitted, approved (the finding becomes a problem).
    hook.failNext(1);
    const task = await completeScoring(api, {
      campaignId: c.campaignId,
      kind: "UNIFIED_ASSESSMENT",
      venueId: c.venues.districtSubcenter,
      assigner: mgrA,
      assignee: assessor,
      findings: [{ indicatorCode: "I01", ruleCode: "R1" }],
    });
    const atA = () => hook.got.filter((g) => g.path === "/a" && g.status === 200);
    await waitFor(
      async () => new Set(atA().map((g) => g.headers["x-webhook-event"])).size === 4,
      30_000,
      "the four events at /a",
    );

    // Each is signed with the secret over the raw body, and says what happened to what.
    for (const g of atA()) {
      expect(g.headers["x-webhook-signature"]).toBe(
        `sha256=${createHmac("sha256", a.secret).update(g.body).digest("hex")}`,
      );
      const body = JSON.parse(g.body) as {
        id: string;
        event: string;
        occurredAt: string;
        data: Record<string, unknown>;
      };
      expect(body.id).toBe(g.headers["x-webhook-id"]);
      expect(body.event).toBe(g.headers["x-webhook-event"]);
      expect(Number.isNaN(Date.parse(body.occurredAt))).toBe(false);
      if (body.event.startsWith("TASK_"))
        expect(body.data).toMatchObject({ taskId: task.id, kind: "UNIFIED_ASSESSMENT" });
      else expect(body.data).toMatchObject({ problemId: task.problems[0]!.id, status: "OPEN", indicatorCode: "I01" });
      tally.signaturesChecked++;
    }
    // The first one failed (500) and came again with the same id; its deliveries say so.
    const first = hook.got.find((g) => g.path === "/a")!;
    expect(first.status).toBe(500);
    expect(atA().some((g) => g.headers["x-webhook-id"] === first.headers["x-webhook-id"])).toBe(true);
    tally.retried++;
    const listed = ok(
      await api.gql(
        `{ webhooks { id deliveries(first: 10) { totalCount nodes { id event attempts lastStatus deliveredAt } } } }`,
        {},
        mgrA.token,
      ),
    ).webhooks;
    expect(listed).toHaveLength(1);
    const retried = listed[0].deliveries.nodes.find((n: { id: string }) => n.id === first.headers["x-webhook-id"]);
    expect(retried).toMatchObject({ attempts: 2, lastStatus: 200 });
    expect(listed[0].deliveries.totalCount).toBe(4);

    // District B's manager heard nothing of district A; a task of B's is B's alone.
    await assign(api, mgrB, { campaignId: c.campaignId, kind: "SELF_CHECK", venueId: venueB, assigneeId: staffB.id });
    await waitFor(async () => hook.got.some((g) => g.path === "/b"), 15_000, "B's own event");
    await new Promise((r) => setTimeout(r, 500));
    const atB = hook.got.filter((g) => g.path === "/b");
    expect(atB.map((g) => g.headers["x-webhook-event"])).toEqual(["TASK_ASSIGNED"]);
    expect(atA().filter((g) => JSON.parse(g.body).data.venueId === venueB)).toEqual([]);
    expect(hook.got.filter((g) => g.path === "/b" && JSON.parse(g.body).data.venueId !== venueB)).toEqual([]);
    tally.deliveries += hook.got.length;

    // Deleted: nothing more is sent to it; another's webhook is not yours to delete.
    expect(code(await api.gql(`mutation($id: ID!) { deleteWebhook(id: $id) }`, { id: a.webhook.id }, mgrB.token))).toBe(
      "NOT_FOUND",
    );
    expect(
      ok(await api.gql(`mutation($id: ID!) { deleteWebhook(id: $id) }`, { id: b.webhook.id }, mgrB.token))
        .deleteWebhook,
    ).toBe(true);
    expect(ok(await api.gql(`{ webhooks { id } }`, {}, mgrB.token)).webhooks).toEqual([]);
    const before = hook.got.filter((g) => g.path === "/b").length;
    await assign(api, mgrB, {
      campaignId: c.campaignId,
      kind: "UNANNOUNCED_INSPECTION",
      venueId: venueB,
      assigneeId: (await user(api, "ASSESSOR", { unitId: districtB })).id,
    });
    await new Promise((r) => setTimeout(r, 700));
    expect(hook.got.filter((g) => g.path === "/b").length).toBe(before);
  }, 60_000);

  it("is made by the city admin and unit managers only, with events and an http(s) URL", async () => {
    const c = await city(api);
    const assessor = await user(api, "ASSESSOR", { unitId: c.districtId });
    const token = ok(await api.gql(`mutation { createApiToken(name: "对接") }`, {}, c.admin.token))
      .createApiToken as string;
    const integrator: SignedIn = { id: "0", token, username: "-" };
    expect(code(await api.gql(CREATE, { u: `${base}/x`, e: EVENTS }, assessor.token))).toBe("FORBIDDEN");
    expect(code(await api.gql(CREATE, { u: `${base}/x`, e: EVENTS }, integrator.token))).toBe("FORBIDDEN");
    const none = await api.gql(CREATE, { u: `${base}/x`, e: [] }, c.admin.token);
    expect([code(none), none.errors![0]!.extensions!.field]).toEqual(["BAD_USER_INPUT", "events"]);
    for (const u of ["ftp://example.org/x", "not a url", "http://user:pw@example.org/"]) {
      const r = await api.gql(CREATE, { u, e: EVENTS }, c.admin.token);
      expect([u, code(r), r.errors?.[0]?.extensions?.field]).toEqual([u, "BAD_USER_INPUT", "url"]);
      tally.refusedUrls++;
    }
  });

  it("refuses loopback, private and link-local addresses unless WEBHOOK_ALLOW_PRIVATE=1, when made and again when sent", async () => {
    const strict = await startApi();
    try {
      const c = await city(strict);
      for (const u of [
        "http://127.0.0.1:8080/x",
        "http://localhost/x",
        "http://10.1.2.3/x",
        "http://192.168.1.10/x",
        "http://169.254.169.254/latest/meta-data",
        "http://[::1]/x",
        "http://[fe80::1]/x",
        "http://0.0.0.0/x",
      ]) {
        const r = await strict.gql(CREATE, { u, e: EVENTS }, c.admin.token);
        expect([u, code(r), r.errors?.[0]?.extensions?.field]).toEqual([u, "BAD_USER_INPUT", "url"]);
        expect(r.errors![0]!.message).toMatch(/loopback, private or link-local|does not resolve/);
        tally.refusedUrls++;
      }
    } finally {
      await strict.close();
    }
    // When sent: the address is checked again as the connection is made (DNS may have changed since).
    const sent = await post(`${base}/late`, "{}", {}, false);
    expect(sent).toEqual({ status: null, error: "127.0.0.1 is a private address" });
    const byName = await post(`${base.replace("127.0.0.1", "localhost")}/late`, "{}", {}, false);
    expect(byName.status).toBeNull();
    expect(byName.error).toMatch(/private address/);
    expect(hook.got.filter((g) => g.path === "/late")).toEqual([]);
    expect(["8.8.8.8", "2606:4700::1111"].map(isPrivateAddress)).toEqual([false, false]);
    expect(
      [
        "127.0.0.1",
        "10.0.0.1",
        "172.16.5.4",
        "192.168.0.1",
        "169.254.1.1",
        "100.64.0.1",
        "::1",
        "fe80::1",
        "fd00::1",
        "::ffff:127.0.0.1",
      ].every(isPrivateAddress),
    ).toBe(true);
  }, 30_000);
});
