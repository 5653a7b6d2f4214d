import { describe, expect, it } from "vitest";
import { PASSWORD, user } from "../support/factories";
import { code, startApi } from "../support/harness";

const LOGIN = `mutation($u: String!, $p: String!) { login(username: $u, password: $p) { token } }`;

/** An API of the test's own (its own counts), with small limits so that the test reaches them quickly. */
const small = (perAddress: number) =>
  startApi({ LOGIN_FAILURES_PER_USER: "3", LOGIN_FAILURES_PER_ADDRESS: String(perAddress), LOGIN_LOCKOUT: "10m" });

describe("sign-in throttling (issue 10)", () => {
  it("locks a username after repeated failures, even for the right password, and says when to retry", async () => {
    const api = await small(1000);
    try {
      const u = await user(api, "ASSESSOR");
      for (let i = 0; i < 3; i++)
        expect(code(await api.gql(LOGIN, { u: u.username, p: `wrong-${i}` }))).toBe("UNAUTHENTICATED");
      const locked = await api.gql(LOGIN, { u: u.username, p: PASSWORD });
      expect(code(locked)).toBe("UNAUTHENTICATED");
      expect(locked.errors![0]!.message).toMatch(
        /^too many failed sign-ins for this username: locked; try again in 10 minute\(s\), after \d\d:\d\d/,
      );
      expect(locked.errors![0]!.extensions).toMatchObject({ reason: "LOCKED" });
      expect(locked.errors![0]!.extensions!.retryAfter).toBeGreaterThan(590);
      // The HTTP answer says so too.
      const res = await fetch(`${api.url}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ query: LOGIN, variables: { u: u.username, p: PASSWORD } }),
      });
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

  it("counts the forwarded address behind a trusted proxy (TRUST_PROXY), and ignores the header otherwise", async () => {
    const login = (api: Awaited<ReturnType<typeof small>>, u: string, p: string, from: string) =>
      fetch(`${api.url}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-forwarded-for": from },
        body: JSON.stringify({ query: LOGIN, variables: { u, p } }),
      }).then((r) => r.json() as Promise<{ errors?: { message: string }[] }>);
    const behind = await startApi({
      LOGIN_FAILURES_PER_USER: "1000",
      LOGIN_FAILURES_PER_ADDRESS: "3",
      TRUST_PROXY: "loopback",
    });
    try {
      const u = await user(behind, "ASSESSOR");
      for (let i = 0; i < 3; i++) await login(behind, `nobody-${i}`, "x-wrong-pass", "10.0.0.1");
      expect((await login(behind, u.username, PASSWORD, "10.0.0.1")).errors?.[0]?.message).toMatch(/for this address/);
      // Another office behind the same proxy is not locked out with it.
      expect((await login(behind, u.username, PASSWORD, "10.0.0.2")).errors).toBeUndefined();
    } finally {
      await behind.close();
    }
    const direct = await startApi({ LOGIN_FAILURES_PER_USER: "1000", LOGIN_FAILURES_PER_ADDRESS: "3" });
    try {
      const u = await user(direct, "ASSESSOR");
      for (let i = 0; i < 3; i++) await login(direct, `nobody-${i}`, "x-wrong-pass", `10.0.1.${i}`);
      // Not trusted: the header changes nothing, the connection's address is locked.
      expect((await login(direct, u.username, PASSWORD, "10.0.9.9")).errors?.[0]?.message).toMatch(/for this address/);
    } finally {
      await direct.close();
    }
  });
});
