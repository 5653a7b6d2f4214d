import { describe, expect, it } from "vitest";
import { PASSWORD, user } from "../support/factories";
import { code, startApi } from "../support/harness";

const LOGIN = `mutation($u: String!, $p: String!) { login(username: $u, password: $p) { token } }`;

/** An API of the test's own (its own counts), with small limits so that the test reaches them quickly. */
const small = (perAddress: number) => startApi({ LOGIN_FAILURES_PER_USER: "3", LOGIN_FAILURES_PER_ADDRESS: String(perAddress), LOGIN_LOCKOUT: "10m" });

describe("sign-in throttling (issue 10)", () => {
  it("locks a username after repeated failures, even for the right password, and says when to retry", async () => {
    const api = await small(1000);
    try {
      const u = await user(api, "ASSESSOR");
      for (let i = 0; i < 3; i++) expect(code(await api.gql(LOGIN, { u: u.username, p: `wrong-${i}` }))).toBe("UNAUTHENTICATED");
      const locked = await api.gql(LOGIN, { u: u.username, p: PASSWORD });
      expect(code(locked)).toBe("UNAUTHENTICATED");
      expect(locked.errors![0]!.message).toMatch(/^too many failed sign-ins for this username: locked; try again in 10 minute\(s\), after \d\d:\d\d/);
      expect(locked.errors![0]!.extensions).toMatchObject({ reason: "LOCKED" });
      expect(locked.errors![0]!.extensions!.retryAfter).toBeGreaterThan(590);
      // The HTTP answer says so too.
      const res = await fetch(`${api.url}/graphql`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query: LOGIN, variables: { u: u.username, p: PASSWORD } }) });
      expect(res.status).toBe(429);
      expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(590);
      // Another user signs in as usual.
      expect((await user(api, "ASSESSOR")).token).toBeTruthy();
    } finally {
      await api.close();
    }
  });

  it("clears a username's count on success, and locks an address that tries many usernames", async () => {
    const api = await small(5);
    try {
      const u = await user(api, "ASSESSOR");
      for (let round = 0; round < 2; round++) {
        for (let i = 0; i < 2; i++) await api.gql(LOGIN, { u: u.username, p: "wrong-password" });
        // Two failures, then the right password: signed in, and the username's count starts again.
        expect(code(await api.gql(LOGIN, { u: u.username, p: PASSWORD }))).toBeUndefined();
      }
      // Four failures from this address so far; one more (another username) reaches its limit of 5.
      await api.gql(LOGIN, { u: "nobody-1", p: "x-wrong-pass" });
      const r = await api.gql(LOGIN, { u: u.username, p: PASSWORD });
      expect(code(r)).toBe("UNAUTHENTICATED");
      expect(r.errors![0]!.message).toMatch(/^too many failed sign-ins for this address/);
    } finally {
      await api.close();
    }
  });
});
