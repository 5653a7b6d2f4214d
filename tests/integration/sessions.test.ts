import jwt from "jsonwebtoken";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PASSWORD, city, user } from "../support/factories";
import { assign } from "../support/flow";
import { code, ok, startApi, type Api, type GqlResult } from "../support/harness";

let api: Api;
beforeAll(async () => {
  api = await startApi();
});
afterAll(() => api.close());

const LOGIN = `mutation($u: String!, $p: String!) { login(username: $u, password: $p) { token user { mustChangePassword } } }`;
const login = (u: string, p: string) => api.gql(LOGIN, { u, p });
const me = (token: string) => api.gql(`{ me { id username active mustChangePassword } }`, {}, token);
const ended = (r: GqlResult) => {
  expect(code(r)).toBe("UNAUTHENTICATED");
  expect(r.errors![0]!.message).toMatch(/session was ended/);
};

describe("sessions that end (issue 10)", () => {
  it("ends every earlier session of a user who changes their password; the new one signs in, the old one does not", async () => {
    const staff = await user(api, "ASSESSOR");
    const other = ok(await login(staff.username, PASSWORD)).login.token;
    const next = "a-much-better-pass-9";
    expect(
      ok(
        await api.gql(
          `mutation($c: String!, $n: String!) { changePassword(currentPassword: $c, newPassword: $n) }`,
          { c: PASSWORD, n: next },
          staff.token,
        ),
      ).changePassword,
    ).toBe(true);
    ended(await me(staff.token));
    ended(await me(other));
    expect(code(await login(staff.username, PASSWORD))).toBe("UNAUTHENTICATED");
    const fresh = ok(await login(staff.username, next)).login.token;
    expect(ok(await me(fresh)).me.username).toBe(staff.username);
  });

  it("tells an expired, an ended and an invalid token apart", async () => {
    const u = await user(api, "ASSESSOR");
    const expired = jwt.sign({ sv: 0 }, api.config.JWT_SECRET, {
      algorithm: "HS256",
      subject: u.id,
      issuer: "venue-assessment",
      expiresIn: -10,
    });
    const r1 = await me(expired);
    expect(code(r1)).toBe("UNAUTHENTICATED");
    expect(r1.errors![0]!.message).toMatch(/expired/);
    const forged = jwt.sign({ sv: 0 }, "not-the-secret", {
      algorithm: "HS256",
      subject: u.id,
      issuer: "venue-assessment",
      expiresIn: 600,
    });
    for (const t of [forged, "garbage"]) {
      const r = await me(t);
      expect(code(r)).toBe("UNAUTHENTICATED");
      expect(r.errors![0]!.message).toMatch(/not valid/);
    }
    const none = await api.gql(`{ me { id } }`);
    expect(none.errors![0]!.message).toMatch(/^sign in first/);
  });

  it("deactivates a user: their sessions and the API tokens they created stop at once; only within the manager's unit", async () => {
    const c = await city(api);
    const manager = await user(api, "UNIT_MANAGER", { unitId: c.districtId });
    const staff = await user(api, "VENUE_STAFF", { venueId: c.venues.districtSubcenter });
    const elsewhere = await user(api, "VENUE_STAFF", { venueId: c.venues.departmentSubcenter });
    const apiToken = ok(await api.gql(`mutation { createApiToken(name: "对接") }`, {}, manager.token)).createApiToken;
    expect(ok(await api.gql(`{ tasks(first: 1) { totalCount } }`, {}, apiToken)).tasks.totalCount).toBe(0);
    const DEACTIVATE = `mutation($id: ID!) { deactivateUser(id: $id) { id active } }`;

    expect(ok(await api.gql(DEACTIVATE, { id: staff.id }, manager.token)).deactivateUser).toEqual({
      id: staff.id,
      active: false,
    });
    ended(await me(staff.token));
    expect(code(await login(staff.username, PASSWORD))).toBe("UNAUTHENTICATED");
    // Outside the manager's unit: not theirs to know of; themselves: refused.
    expect(code(await api.gql(DEACTIVATE, { id: elsewhere.id }, manager.token))).toBe("NOT_FOUND");
    expect(code(await api.gql(DEACTIVATE, { id: manager.id }, manager.token))).toBe("FORBIDDEN");
    expect(code(await api.gql(DEACTIVATE, { id: c.admin.id }, manager.token))).toBe("NOT_FOUND");
    // The city deactivates the manager: their session and the integrator token they created end.
    ok(await api.gql(DEACTIVATE, { id: manager.id }, c.admin.token));
    ended(await me(manager.token));
    ended(await api.gql(`{ tasks(first: 1) { totalCount } }`, {}, apiToken));
    expect(ok(await me(elsewhere.token)).me.active).toBe(true);
  });

  it("changes a user's role or place: their sessions and the API tokens they created end; a rename ends nothing; a manager places only within their unit", async () => {
    const c = await city(api);
    const manager = await user(api, "UNIT_MANAGER", { unitId: c.districtId });
    const staff = await user(api, "VENUE_STAFF", { venueId: c.venues.districtSubcenter });
    const UPDATE = `mutation($id: ID!, $i: UpdateUserInput!) { updateUser(id: $id, input: $i) { id displayName role unit { id } venue { id } } }`;

    // A rename ends nothing.
    expect(
      ok(await api.gql(UPDATE, { id: staff.id, i: { displayName: "王五" } }, manager.token)).updateUser.displayName,
    ).toBe("王五");
    expect(ok(await me(staff.token)).me.id).toBe(staff.id);
    // Staff of the sub-centre become an assessor of the township: placed there, their session ended.
    const moved = ok(
      await api.gql(UPDATE, { id: staff.id, i: { role: "ASSESSOR", unitId: c.townshipId } }, manager.token),
    ).updateUser;
    expect(moved).toEqual({
      id: staff.id,
      displayName: "王五",
      role: "ASSESSOR",
      unit: { id: c.townshipId },
      venue: null,
    });
    ended(await me(staff.token));
    expect(ok(await login(staff.username, PASSWORD)).login.token).toBeTruthy();
    // Outside the manager's unit: the place is not found; a city admin is not theirs to change; nor are they themselves.
    const refused = await api.gql(UPDATE, { id: staff.id, i: { unitId: c.departmentId } }, manager.token);
    expect(code(refused)).toBe("NOT_FOUND");
    expect(refused.errors![0]!.extensions!.field).toBe("unitId");
    expect(code(await api.gql(UPDATE, { id: staff.id, i: { role: "CITY_ADMIN" } }, manager.token))).toBe("FORBIDDEN");
    expect(code(await api.gql(UPDATE, { id: manager.id, i: { unitId: c.cityId } }, manager.token))).toBe("FORBIDDEN");
    const staffNeedsVenue = await api.gql(UPDATE, { id: staff.id, i: { role: "VENUE_STAFF" } }, manager.token);
    expect([code(staffNeedsVenue), staffNeedsVenue.errors![0]!.extensions!.field]).toEqual([
      "BAD_USER_INPUT",
      "venueId",
    ]);
    // The city moves the manager to the department: their session ends, and so does the integrator token they created.
    const apiToken = ok(await api.gql(`mutation { createApiToken(name: "对接") }`, {}, manager.token)).createApiToken;
    expect(ok(await api.gql(`{ tasks(first: 1) { totalCount } }`, {}, apiToken)).tasks.totalCount).toBe(0);
    expect(
      ok(await api.gql(UPDATE, { id: manager.id, i: { unitId: c.departmentId } }, c.admin.token)).updateUser.unit,
    ).toEqual({ id: c.departmentId });
    ended(await me(manager.token));
    ended(await api.gql(`{ tasks(first: 1) { totalCount } }`, {}, apiToken));

    // Open work keeps a user where they are: it would keep the old place's powers. An INTEGRATOR is no one's new role.
    const busy = await user(api, "ASSESSOR", { unitId: c.districtId });
    await assign(api, c.admin, {
      campaignId: c.campaignId,
      kind: "UNIFIED_ASSESSMENT",
      venueId: c.venues.districtSubcenter,
      assigneeId: busy.id,
    });
    const held = await api.gql(UPDATE, { id: busy.id, i: { unitId: c.townshipId } }, c.admin.token);
    expect([code(held), held.errors![0]!.extensions!.field]).toEqual(["CONFLICT", "id"]);
    expect(held.errors![0]!.message).toMatch(/1 open task/);
    expect(ok(await me(busy.token)).me.id).toBe(busy.id);
    expect(code(await api.gql(UPDATE, { id: staff.id, i: { role: "INTEGRATOR" } }, c.admin.token))).toBe(
      "BAD_USER_INPUT",
    );
    // null takes an assessor out of their unit (absent would keep it).
    expect(ok(await api.gql(UPDATE, { id: staff.id, i: { unitId: null } }, c.admin.token)).updateUser.unit).toBeNull();
  });

  it("resets a password to a temporary one: the user signs in with it and may do nothing but change it", async () => {
    const c = await city(api);
    const manager = await user(api, "UNIT_MANAGER", { unitId: c.districtId });
    const staff = await user(api, "VENUE_STAFF", { venueId: c.venues.districtSubcenter });
    const temporary = ok(
      await api.gql(`mutation($id: ID!) { resetPassword(id: $id) }`, { id: staff.id }, manager.token),
    ).resetPassword;
    expect(temporary).toMatch(/^[A-Za-z2-9]{12}$/);
    ended(await me(staff.token));
    const signedIn = ok(await login(staff.username, temporary)).login;
    expect(signedIn.user.mustChangePassword).toBe(true);
    expect(ok(await me(signedIn.token)).me.mustChangePassword).toBe(true);
    const blocked = await api.gql(`{ tasks(first: 5) { totalCount } }`, {}, signedIn.token);
    expect(code(blocked)).toBe("FORBIDDEN");
    expect(blocked.errors![0]!.message).toMatch(/^password: .*temporary password/);
    ok(
      await api.gql(
        `mutation($c: String!, $n: String!) { changePassword(currentPassword: $c, newPassword: $n) }`,
        { c: temporary, n: "my-own-pass-2024" },
        signedIn.token,
      ),
    );
    const after = ok(await login(staff.username, "my-own-pass-2024")).login;
    expect(after.user.mustChangePassword).toBe(false);
    expect(ok(await api.gql(`{ tasks(first: 5) { totalCount } }`, {}, after.token)).tasks.totalCount).toBe(0);
  });

  it("holds passwords to a policy with a clear message: length, bcrypt's 72 bytes, common passwords, the username", async () => {
    const c = await city(api);
    const CREATE = `mutation($i: CreateUserInput!) { createUser(input: $i) { id } }`;
    const input = (username: string, password: string) => ({
      i: { username, displayName: "张三", password, role: "ASSESSOR", unitId: c.districtId },
    });
    const cases: [string, RegExp][] = [
      ["short7!", /at least 8 characters/],
      ["一".repeat(25), /at most 72 bytes/],
      ["Password123", /most commonly used/],
      ["zzzzzzzzzz", /most commonly used|one character repeated/],
      ["xx-zhangsan-2024", /username/],
    ];
    for (const [password, why] of cases) {
      const r = await api.gql(CREATE, input("zhangsan", password), c.admin.token);
      expect([password, code(r), r.errors?.[0]?.extensions?.field]).toEqual([password, "BAD_USER_INPUT", "password"]);
      expect(r.errors![0]!.message).toMatch(why);
    }
    // 22 Chinese characters are 66 bytes: accepted.
    ok(await api.gql(CREATE, input(`zs${Date.now()}`, "政务服务中心标准化建设考核评价平台管理员口令"), c.admin.token));
  });
});
