import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { user, type SignedIn } from "../support/factories";
import { assessedSubcenter, assign, examineAll, raw, review, start, submit } from "../support/flow";
import { ok, startApi, type Api } from "../support/harness";

const CAN = `viewerCan { start edit submit review cancel }`;

/** Task.viewerCan and Problem.viewerCan: what the console offers each user, by the rules the mutations apply. */
describe("what a user may do, as the console is told", () => {
  let api: Api;
  beforeAll(async () => {
    api = await startApi();
  });
  afterAll(() => api.close());

  /** The user's permissions on the task; null when they may not see it (NOT_FOUND). */
  const can = async (who: SignedIn, id: string) => {
    const r = await api.gql(`query($id: ID!) { task(id: $id) { ${CAN} } }`, { id }, who.token);
    if (r.errors?.[0]?.extensions?.code === "NOT_FOUND") return null;
    return ok(r).task.viewerCan;
  };

  it("offers start, edit and submit to the assignee only, in the states that allow them", async () => {
    const c = await assessedSubcenter(api, []);
    const t = await assign(api, c.manager, {
      campaignId: c.campaignId,
      kind: "SELF_CHECK",
      venueId: c.venues.districtSubcenter,
      assigneeId: c.staff.id,
    });
    expect(await can(c.staff, t.id)).toEqual({ start: true, edit: false, submit: false, review: false, cancel: false });
    expect(await can(c.manager, t.id)).toEqual({
      start: false,
      edit: false,
      submit: false,
      review: false,
      cancel: true,
    });
    await start(api, c.staff, t.id);
    expect(await can(c.staff, t.id)).toEqual({ start: false, edit: true, submit: true, review: false, cancel: false });
    await examineAll(api, c.staff, t.id);
    await submit(api, c.staff, t.id);
    expect(await can(c.staff, t.id)).toMatchObject({ edit: false, submit: false });
    expect(await can(c.manager, t.id)).toMatchObject({ review: true, cancel: true });
  });

  it("offers review exactly to those whose reviewTask is accepted", async () => {
    const c = await assessedSubcenter(api, []);
    const township = await user(api, "UNIT_MANAGER", { unitId: c.townshipId });
    // The district's comprehensive centre is assessed by the city; the sub-centre by the district.
    const centre = await assign(api, c.admin, {
      campaignId: c.campaignId,
      kind: "UNIFIED_ASSESSMENT",
      venueId: c.venues.districtCenter,
      assigneeId: c.assessor.id,
    });
    const sub = await assign(api, c.manager, {
      campaignId: c.campaignId,
      kind: "SELF_CHECK",
      venueId: c.venues.districtSubcenter,
      assigneeId: c.staff.id,
    });
    const assignees = new Map([
      [centre.id, c.assessor],
      [sub.id, c.staff],
    ]);
    for (const id of [centre.id, sub.id]) {
      await start(api, assignees.get(id)!, id);
      await examineAll(api, assignees.get(id)!, id);
      await submit(api, assignees.get(id)!, id);
    }
    let checked = 0;
    for (const id of [centre.id, sub.id]) {
      for (const who of [c.admin, c.manager, township, c.assessor, c.staff]) {
        const offered = (await can(who, id))?.review ?? false;
        const r = await raw.review(api, who, id, false, "请补充");
        expect(
          !r.errors,
          `review of task ${id} by ${who.username}: offered ${offered}, answered ${JSON.stringify(r.errors)}`,
        ).toBe(offered);
        if (!r.errors) {
          // Put it back as it was for the next reviewer.
          await start(api, assignees.get(id)!, id);
          await submit(api, assignees.get(id)!, id);
        }
        checked++;
      }
    }
    expect(checked).toBe(10);
    // The city's assessment of the district's centre is not the district's to review.
    expect((await can(c.manager, centre.id))?.review).toBe(false);
    expect((await can(c.admin, centre.id))?.review).toBe(true);
  });

  it("offers a problem's rectification to a manager over its venue, and its re-check to whoever found it", async () => {
    const c = await assessedSubcenter(api, [{ indicatorCode: "I01", ruleCode: "R1" }]);
    const other = await user(api, "UNIT_MANAGER", { unitId: c.districtId });
    const township = await user(api, "UNIT_MANAGER", { unitId: c.townshipId });
    const problemCan = async (who: SignedIn) =>
      ok(
        await api.gql(
          `query($id: ID!) { problem(id: $id) { status viewerCan { assignRectification assignRecheck } } }`,
          { id: c.problemIds[0] },
          who.token,
        ),
      ).problem;
    expect((await problemCan(c.manager)).viewerCan).toEqual({ assignRectification: true, assignRecheck: false });
    expect((await problemCan(c.admin)).viewerCan).toEqual({ assignRectification: true, assignRecheck: false });
    expect((await problemCan(c.assessor)).viewerCan).toEqual({ assignRectification: false, assignRecheck: false });
    expect((await problemCan(c.staff)).viewerCan).toEqual({ assignRectification: false, assignRecheck: false });
    // Out of the township manager's scope: not theirs to know of.
    expect(
      (await api.gql(`query($id: ID!) { problem(id: $id) { id } }`, { id: c.problemIds[0] }, township.token))
        .errors?.[0]?.extensions?.code,
    ).toBe("NOT_FOUND");

    const rect = await assign(api, c.manager, {
      campaignId: c.campaignId,
      kind: "RECTIFICATION",
      problemIds: c.problemIds,
      assigneeId: c.staff.id,
    });
    await start(api, c.staff, rect.id);
    await submit(api, c.staff, rect.id, { report: "已整改" });
    await review(api, c.manager, rect.id, true);
    expect((await problemCan(c.manager)).viewerCan).toEqual({ assignRectification: false, assignRecheck: true });
    expect((await problemCan(c.admin)).viewerCan).toEqual({ assignRectification: false, assignRecheck: true });
    // Another manager of the district did not assign the assessment that found it: refused, and not offered.
    expect((await problemCan(other)).viewerCan.assignRecheck).toBe(false);
    const refused = await raw.assign(api, other, {
      campaignId: c.campaignId,
      kind: "RECHECK",
      problemIds: c.problemIds,
      assigneeId: c.assessor.id,
    });
    expect(refused.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    // Once on an open re-check, a second one is neither offered nor accepted.
    await assign(api, c.manager, {
      campaignId: c.campaignId,
      kind: "RECHECK",
      problemIds: c.problemIds,
      assigneeId: c.assessor.id,
    });
    expect((await problemCan(c.manager)).viewerCan.assignRecheck).toBe(false);
    const second = await raw.assign(api, c.admin, {
      campaignId: c.campaignId,
      kind: "RECHECK",
      problemIds: c.problemIds,
      assigneeId: c.assessor.id,
    });
    expect(second.errors?.[0]?.extensions?.code).toBe("CONFLICT");
  });
});
