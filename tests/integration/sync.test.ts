import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { city, user, type SignedIn } from "../support/factories";
import { assign, start } from "../support/flow";
import { code, ok, startApi, type Api } from "../support/harness";

/** Incremental sync as an integrator does it (docs/integration.md): everything changed since a watermark, oldest change first. */
describe("incremental sync (issue 12)", () => {
  let api: Api;
  beforeAll(async () => {
    api = await startApi();
  });
  afterAll(() => api.close());

  const TASKS = `query($since: DateTime, $after: String, $c: ID) {
    tasks(first: 2, after: $after, orderBy: UPDATED_AT, filter: { campaignId: $c, updatedSince: $since }) { totalCount nodes { id status updatedAt } pageInfo { hasNextPage endCursor } } }`;
  /** Every page, as a sync loop reads them. */
  async function sync(token: string, c: string, since: string | null) {
    const seen: { id: string; status: string; updatedAt: string }[] = [];
    for (let after: string | null = null; ;) {
      const page: any = ok(await api.gql(TASKS, { since, after, c }, token)).tasks;
      seen.push(...page.nodes);
      if (!page.pageInfo.hasNextPage) return seen;
      after = page.pageInfo.endCursor;
    }
  }

  it("lists what changed since a watermark, oldest change first, page by page, and then only what changed after", async () => {
    const c = await city(api);
    const assessor = await user(api, "ASSESSOR", { unitId: c.districtId });
    const token = ok(await api.gql(`mutation { createApiToken(name: "sync") }`, {}, c.admin.token))
      .createApiToken as string;
    const integrator: SignedIn = { id: "0", token, username: "-" };
    const made = [];
    for (const venueId of [c.venues.districtSubcenter, c.venues.convenienceCenter, c.venues.station]) {
      made.push(
        await assign(api, c.admin, { campaignId: c.campaignId, kind: "SELF_CHECK", venueId, assigneeId: assessor.id }),
      );
      await new Promise((r) => setTimeout(r, 5));
    }
    const first = await sync(integrator.token, c.campaignId, null);
    expect(first.map((t) => t.id)).toEqual(made.map((t) => t.id));
    const times = first.map((t) => Date.parse(t.updatedAt));
    expect([...times].sort((a, b) => a - b)).toEqual(times);

    // The watermark is the last change seen; a task started since comes back, now last, and nothing unchanged does.
    const watermark = first[first.length - 1]!.updatedAt;
    await new Promise((r) => setTimeout(r, 5));
    await start(api, assessor, made[0]!.id);
    const next = await sync(integrator.token, c.campaignId, watermark);
    expect(next.map((t) => t.id)).toEqual([made[2]!.id, made[0]!.id]);
    expect(next[1]).toMatchObject({ status: "IN_PROGRESS" });
    expect(Date.parse(next[1]!.updatedAt)).toBeGreaterThan(Date.parse(watermark));

    // A cursor of one order is refused in the other, naming after.
    const page: any = ok(
      await api.gql(
        `query($c: ID) { tasks(first: 1, filter: { campaignId: $c }) { pageInfo { endCursor } } }`,
        { c: c.campaignId },
        integrator.token,
      ),
    ).tasks;
    const wrong = await api.gql(
      TASKS,
      { since: null, after: page.pageInfo.endCursor, c: c.campaignId },
      integrator.token,
    );
    expect([code(wrong), wrong.errors![0]!.extensions!.field]).toEqual(["BAD_USER_INPUT", "after"]);
    // Problems take the same filter and order.
    const problems = ok(
      await api.gql(
        `query($s: DateTime) { problems(first: 5, orderBy: UPDATED_AT, filter: { updatedSince: $s }) { totalCount } }`,
        { s: new Date(Date.now() + 60_000).toISOString() },
        integrator.token,
      ),
    ).problems;
    expect(problems.totalCount).toBe(0);
  });
});
