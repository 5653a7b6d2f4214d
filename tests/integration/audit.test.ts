import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PASSWORD, city, user } from "../support/factories";
import { code, ok, startApi, type Api } from "../support/harness";

let api: Api;
beforeAll(async () => {
  api = await startApi();
});
afterAll(() => api.close());

const LOG = `query($f: AuditFilter, $first: Int) { auditLog(first: $first, filter: $f) { totalCount nodes { at actor { id } username address operation detail outcome } } }`;
const LOGIN = `mutation($u: String!, $p: String!) { login(username: $u, password: $p) { token } }`;

describe("the audit log (issue 10)", () => {
  it("records every sign-in and mutation, refused ones too, with who, what, where and the outcome; never a password", async () => {
    const c = await city(api);
    const manager = await user(api, "UNIT_MANAGER", { unitId: c.districtId });
    await api.gql(LOGIN, { u: manager.username, p: "not-the-password" });
    const created = ok(
      await api.gql(
        `mutation($i: CreateUserInput!) { createUser(input: $i) { id } }`,
        {
          i: {
            username: `audit${Date.now()}`,
            displayName: "审计",
            password: "a-secret-pass-99",
            role: "ASSESSOR",
            unitId: c.districtId,
          },
        },
        manager.token,
      ),
    ).createUser;
    expect(
      code(await api.gql(`mutation { createCampaign(input: { year: 2025, name: "x" }) { id } }`, {}, manager.token)),
    ).toBe("FORBIDDEN");

    const mine = ok(await api.gql(LOG, { f: { actorId: manager.id }, first: 10 }, c.admin.token)).auditLog.nodes;
    expect(mine.map((n: { operation: string; outcome: string }) => [n.operation, n.outcome])).toEqual([
      ["createCampaign", "FORBIDDEN"],
      ["createUser", "OK"],
      ["login", "OK"],
    ]);
    const createUser = mine.find((n: { operation: string }) => n.operation === "createUser");
    expect(createUser.detail).toContain('"password":"***"');
    expect(createUser.detail).not.toContain("a-secret-pass-99");
    expect(createUser.address).toMatch(/127\.0\.0\.1|::1/);
    expect(createUser.actor).toEqual({ id: manager.id });
    expect(created.id).toBeTruthy();

    const failed = ok(await api.gql(LOG, { f: { operation: "login", refusedOnly: true }, first: 5 }, c.admin.token))
      .auditLog.nodes;
    expect(failed[0]).toMatchObject({ actor: null, username: manager.username, outcome: "UNAUTHENTICATED" });
    expect(failed[0].detail).not.toContain("not-the-password");
    expect(JSON.stringify(await api.ds.query("SELECT detail FROM audit_log"))).not.toContain(PASSWORD);
  });

  it("is read by the city admin only, and is append-only in the database", async () => {
    const c = await city(api);
    const manager = await user(api, "UNIT_MANAGER", { unitId: c.districtId });
    expect(code(await api.gql(LOG, {}, manager.token))).toBe("FORBIDDEN");
    expect(code(await api.gql(LOG, {}))).toBe("UNAUTHENTICATED");
    await expect(api.ds.query("UPDATE audit_log SET outcome = 'OK'")).rejects.toThrow(/append-only/);
    await expect(api.ds.query("DELETE FROM audit_log")).rejects.toThrow(/append-only/);
    expect(ok(await api.gql(LOG, { first: 1 }, c.admin.token)).auditLog.totalCount).toBeGreaterThan(0);
  });
});
