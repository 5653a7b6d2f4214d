import { existsSync, readdirSync, readlinkSync } from "node:fs";
import { request } from "node:http";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { removeOrphanEvidence } from "../../apps/worker/src/evidence/cleanup";
import { city, user } from "../support/factories";
import { assign, examineAll, proof, raw, start } from "../support/flow";
import { code, ok, startApi, type Api } from "../support/harness";

let api: Api;
beforeAll(async () => {
  api = await startApi({ EVIDENCE_QUOTA_MB: "2" });
});
afterAll(() => api.close());

const pdf = (bytes: number) =>
  new Uint8Array(Buffer.concat([Buffer.from("%PDF-1.7\n"), Buffer.alloc(Math.max(0, bytes - 9), 32)]));
const upload = async (token: string, body: Uint8Array, name = "a.pdf") => {
  const form = new FormData();
  form.append("file", new Blob([body], { type: "application/pdf" }), name);
  const res = await fetch(`${api.url}/evidence`, {
    method: "POST",
    body: form,
    headers: { authorization: `Bearer ${token}` },
  });
  return { status: res.status, body: (await res.json()) as { id?: string; code?: string; message?: string } };
};
/** Files under the data directory this process holds open. */
const openFilesUnder = (dir: string) =>
  readdirSync("/proc/self/fd").flatMap((fd) => {
    try {
      const target = readlinkSync(`/proc/self/fd/${fd}`);
      return target.startsWith(dir) ? [target] : [];
    } catch {
      return [];
    }
  });
const until = async (check: () => boolean, ms = 5000) => {
  const end = Date.now() + ms;
  while (!check() && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
  return check();
};

describe("uploads that cannot leak (issue 10)", () => {
  it("leaves no temporary file and no open descriptor when the client aborts half-way", async () => {
    const u = await user(api, "ASSESSOR");
    const tmp = join(api.config.DATA_DIR, "evidence", "tmp");
    const boundary = "----abort-test";
    const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.7\n`;
    const req = request(`${api.url}/evidence`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${u.token}`,
        "content-type": `multipart/form-data; boundary=${boundary}`,
        "content-length": String(10 * 1024 * 1024),
      },
    });
    req.on("error", () => {});
    req.write(head);
    req.write(Buffer.alloc(256 * 1024, 32));
    // The server has begun writing the file.
    expect(await until(() => existsSync(tmp) && readdirSync(tmp).length === 1)).toBe(true);
    req.destroy();
    expect(await until(() => readdirSync(tmp).length === 0)).toBe(true);
    expect(await until(() => openFilesUnder(api.config.DATA_DIR).length === 0)).toBe(true);
    // And the server still takes uploads.
    expect((await upload(u.token, pdf(1000))).status).toBe(201);
  });

  it("holds each user to a quota per 24 hours, with a sentence naming the file", async () => {
    const u = await user(api, "ASSESSOR");
    expect((await upload(u.token, pdf(1_500_000))).status).toBe(201);
    const over = await upload(u.token, pdf(800_000));
    expect(over.status).toBe(400);
    expect(over.body).toMatchObject({
      code: "BAD_USER_INPUT",
      message: expect.stringMatching(/^file: your uploads of the last 24 hours would exceed your quota of 2 MiB/),
    });
    // Someone else is not held to it.
    expect((await upload((await user(api, "ASSESSOR")).token, pdf(800_000))).status).toBe(201);
  });

  it("removes uploads attached to nothing a day after, file and all, and keeps attached ones", async () => {
    const c = await city(api);
    const assessor = await user(api, "ASSESSOR", { unitId: c.districtId });
    const manager = await user(api, "UNIT_MANAGER", { unitId: c.districtId });
    const orphan = await proof(api, assessor, "孤立.pdf");
    const kept = await proof(api, assessor, "附件.pdf");
    const t = await assign(api, manager, {
      campaignId: c.campaignId,
      kind: "UNIFIED_ASSESSMENT",
      venueId: c.venues.convenienceCenter,
      assigneeId: assessor.id,
    });
    await start(api, assessor, t.id);
    await examineAll(api, assessor, t.id, [{ indicatorCode: "I01", ruleCode: "R1", evidenceIds: [kept] }]);
    const keyOf = async (id: string) =>
      ((await api.ds.query("SELECT storage_key FROM evidence WHERE id = ?", [id])) as { storage_key: string }[])[0]
        ?.storage_key;
    const orphanFile = join(api.config.DATA_DIR, "evidence", (await keyOf(orphan))!);
    // Not yet a day old: kept.
    expect(await removeOrphanEvidence(api.ds, api.config.DATA_DIR, new Date())).toBe(0);
    await api.ds.query("UPDATE evidence SET created_at = NOW(3) - INTERVAL 2 DAY WHERE id IN (?)", [[orphan, kept]]);
    expect(await removeOrphanEvidence(api.ds, api.config.DATA_DIR, new Date())).toBeGreaterThanOrEqual(1);
    expect(await keyOf(orphan)).toBeUndefined();
    expect(existsSync(orphanFile)).toBe(false);
    expect(await keyOf(kept)).toBeDefined();
  });

  it("bounds the findings of one sheet", async () => {
    const c = await city(api);
    const assessor = await user(api, "ASSESSOR", { unitId: c.districtId });
    const manager = await user(api, "UNIT_MANAGER", { unitId: c.districtId });
    const t = await assign(api, manager, {
      campaignId: c.campaignId,
      kind: "UNIFIED_ASSESSMENT",
      venueId: c.venues.convenienceCenter,
      assigneeId: assessor.id,
    });
    await start(api, assessor, t.id);
    const many = Array.from({ length: 301 }, () => ({ indicatorCode: "I01", ruleCode: "R1" }));
    const r = await raw.save(api, assessor, t.id, many);
    expect(code(r)).toBe("BAD_USER_INPUT");
    expect(r.errors![0]!.message).toMatch(/^findings: a sheet holds at most 300 findings/);
    expect(
      ok(await api.gql(`query($id: ID!) { task(id: $id) { findings { id } } }`, { id: t.id }, assessor.token)).task
        .findings,
    ).toEqual([]);
  });
});
