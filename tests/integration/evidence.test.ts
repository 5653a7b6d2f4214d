import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { city, unit, user } from "../support/factories";
import type { SignedIn } from "../support/factories";
import { assign, completeScoring, rowCounts, save, start, submit } from "../support/flow";
import { Api, code, ok, startApi } from "../support/harness";

let api: Api;
beforeAll(async () => {
  api = await startApi();
});
afterAll(async () => api?.close());

const MiB = 1024 * 1024;
const PNG = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.from("IHDR fake png body"),
]);
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from("JFIF fake jpeg body")]);
const WEBP = Buffer.concat([Buffer.from("RIFF"), Buffer.from([0x10, 0, 0, 0]), Buffer.from("WEBPVP8 fake")]);
const PDF = Buffer.from("%PDF-1.7\n1 0 obj << >> endobj\n%%EOF\n");

interface Upload {
  status: number;
  body: {
    id: string;
    fileName: string;
    contentType: string;
    size: number;
    url: string;
    code?: string;
    message?: string;
  };
}

/** POST /evidence with one part named `file`. */
async function upload(
  who: SignedIn | null,
  content: Buffer,
  fileName: string,
  partType = "application/octet-stream",
  field = "file",
): Promise<Upload> {
  const form = new FormData();
  form.append(field, new Blob([new Uint8Array(content)], { type: partType }), fileName);
  const res = await fetch(`${api.url}/evidence`, {
    method: "POST",
    body: form,
    headers: who ? { authorization: `Bearer ${who.token}` } : {},
  });
  return { status: res.status, body: (await res.json()) as Upload["body"] };
}

async function fetchEvidence(who: SignedIn | null, url: string) {
  const res = await fetch(`${api.url}${url}`, { headers: who ? { authorization: `Bearer ${who.token}` } : {} });
  return { status: res.status, type: res.headers.get("content-type"), body: Buffer.from(await res.arrayBuffer()) };
}

describe("uploading evidence", () => {
  it("judges the type by content, not by name", async () => {
    const u = await user(api, "ASSESSOR");
    const png = await upload(u, PNG, "现场照片.pdf");
    expect(png.status).toBe(201);
    expect(png.body).toEqual({
      id: expect.any(String),
      fileName: "现场照片.pdf",
      contentType: "image/png",
      size: PNG.length,
      url: `/evidence/${png.body.id}`,
    });
    for (const [content, name, type] of [
      [JPEG, "a.png", "image/jpeg"],
      [WEBP, "b.jpg", "image/webp"],
      [PDF, "c.jpg", "application/pdf"],
    ] as const) {
      const r = await upload(u, content, name, "image/png");
      expect([r.status, r.body.contentType]).toEqual([201, type]);
    }
  });

  it("refuses a text file named .jpg, an empty file, and no file, with 400 BAD_USER_INPUT and nothing kept", async () => {
    const u = await user(api, "ASSESSOR");
    const before = await rowCounts(api);
    const text = await upload(u, Buffer.from("just some text, honest"), "photo.jpg", "image/jpeg");
    expect(text.status).toBe(400);
    expect(text.body.code).toBe("BAD_USER_INPUT");
    expect(text.body.message).toMatch(/JPEG, PNG, WebP or PDF/);
    const html = await upload(u, Buffer.from("<html><script>alert(1)</script></html>"), "x.pdf", "application/pdf");
    expect([html.status, html.body.code]).toEqual([400, "BAD_USER_INPUT"]);
    const empty = await upload(u, Buffer.alloc(0), "empty.png");
    expect([empty.status, empty.body.code]).toEqual([400, "BAD_USER_INPUT"]);
    const wrongField = await upload(u, PNG, "a.png", "image/png", "photo");
    expect([wrongField.status, wrongField.body.code]).toEqual([400, "BAD_USER_INPUT"]);
    const notMultipart = await fetch(`${api.url}/evidence`, {
      method: "POST",
      body: PNG,
      headers: { authorization: `Bearer ${u.token}`, "content-type": "image/png" },
    });
    expect(notMultipart.status).toBe(400);
    expect(await rowCounts(api)).toEqual(before);
  });

  it("takes 20 MiB and refuses a byte more", async () => {
    const u = await user(api, "ASSESSOR");
    const before = await rowCounts(api);
    const tooBig = await upload(u, Buffer.concat([PNG, Buffer.alloc(20 * MiB + 1 - PNG.length)]), "big.png");
    expect(tooBig.status).toBe(400);
    expect(tooBig.body.code).toBe("BAD_USER_INPUT");
    expect(tooBig.body.message).toMatch(/20 MiB/);
    expect(await rowCounts(api)).toEqual(before);
    const justFits = await upload(u, Buffer.concat([PDF, Buffer.alloc(20 * MiB - PDF.length)]), "report.pdf");
    expect([justFits.status, justFits.body.size, justFits.body.contentType]).toEqual([
      201,
      20 * MiB,
      "application/pdf",
    ]);
  });

  it("wants a token, and a token that may write", async () => {
    expect((await upload(null, PNG, "a.png")).status).toBe(401);
    const admin = await user(api, "CITY_ADMIN");
    const token = ok(await api.gql(`mutation { createApiToken(name: "reader") }`, {}, admin.token)).createApiToken;
    const r = await upload({ id: "0", token, username: "-" }, PNG, "a.png");
    expect([r.status, r.body.code]).toEqual([403, "FORBIDDEN"]);
  });
});

describe("attaching and serving evidence", () => {
  /** A district with its people; the assessor scores the sub-centre with photos; outsiders in another district. */
  async function scene() {
    const c = await city(api);
    const districtB = await unit(api, c.admin, "DISTRICT", c.cityId);
    const [manager, assessor, staff, outsiderManager, otherAssessor, otherStaff] = await Promise.all([
      user(api, "UNIT_MANAGER", { unitId: c.districtId }),
      user(api, "ASSESSOR", { unitId: c.districtId }),
      user(api, "VENUE_STAFF", { venueId: c.venues.districtSubcenter }),
      user(api, "UNIT_MANAGER", { unitId: districtB }),
      user(api, "ASSESSOR", { unitId: c.districtId }),
      user(api, "VENUE_STAFF", { venueId: c.venues.station }),
    ]);
    return { ...c, manager, assessor, staff, outsiderManager, otherAssessor, otherStaff };
  }

  it("attaches photos to findings and serves them to those who may see the task, 404 to others", async () => {
    const s = await scene();
    const photo = (await upload(s.assessor, PNG, "窗口.png")).body;
    const t = await assign(api, s.manager, {
      campaignId: s.campaignId,
      kind: "UNIFIED_ASSESSMENT",
      venueId: s.venues.districtSubcenter,
      assigneeId: s.assessor.id,
    });
    await start(api, s.assessor, t.id);
    await save(api, s.assessor, t.id, [{ indicatorCode: "I01", ruleCode: "R1", evidenceIds: [photo.id] }]);
    const seen = ok(
      await api.gql(
        `query($id: ID!) { task(id: $id) { findings { evidence { id fileName contentType size url } } } }`,
        { id: t.id },
        s.manager.token,
      ),
    ).task;
    expect(seen.findings[0].evidence).toEqual([
      { id: photo.id, fileName: "窗口.png", contentType: "image/png", size: PNG.length, url: photo.url },
    ]);

    for (const who of [s.assessor, s.admin, s.manager]) {
      const r = await fetchEvidence(who, photo.url);
      expect([r.status, r.type]).toEqual([200, "image/png"]);
      expect(r.body.equals(PNG)).toBe(true);
    }
    for (const who of [s.outsiderManager, s.otherAssessor, s.otherStaff, s.staff]) {
      const r = await fetchEvidence(who, photo.url);
      expect(r.status).toBe(404);
      expect(r.body.includes(PNG)).toBe(false);
    }
    expect((await fetchEvidence(null, photo.url)).status).toBe(401);
    expect((await fetchEvidence(s.admin, "/evidence/2000000000")).status).toBe(404);
    expect((await fetchEvidence(s.admin, "/evidence/abc")).status).toBe(404);
  });

  it("serves an upload not yet attached only to its uploader and the city admin", async () => {
    const s = await scene();
    const doc = (await upload(s.assessor, PDF, "说明.pdf")).body;
    expect((await fetchEvidence(s.assessor, doc.url)).status).toBe(200);
    expect((await fetchEvidence(s.admin, doc.url)).status).toBe(200);
    expect((await fetchEvidence(s.manager, doc.url)).status).toBe(404);
    expect((await fetchEvidence(s.otherAssessor, doc.url)).status).toBe(404);
  });

  it("refuses to attach someone else's upload", async () => {
    const s = await scene();
    const theirs = (await upload(s.otherAssessor, PNG, "not-mine.png")).body;
    const t = await assign(api, s.manager, {
      campaignId: s.campaignId,
      kind: "UNANNOUNCED_INSPECTION",
      venueId: s.venues.station,
      assigneeId: s.assessor.id,
    });
    await start(api, s.assessor, t.id);
    const before = await rowCounts(api);
    const r = await api.gql(
      `mutation($id: ID!, $e: [ID!]) { saveFindings(taskId: $id, findings: [{ indicatorCode: "I13", ruleCode: "R1", evidenceIds: $e }]) { id } }`,
      { id: t.id, e: [theirs.id] },
      s.assessor.token,
    );
    expect(code(r)).toBe("NOT_FOUND");
    const p = await api.gql(
      `mutation($i: ReportProblemInput!) { reportProblem(input: $i) { id } }`,
      { i: { taskId: t.id, indicatorCode: "I13", ruleCode: "R1", description: "x", evidenceIds: [theirs.id] } },
      s.assessor.token,
    );
    expect(code(p)).toBe("NOT_FOUND");
    expect(await rowCounts(api)).toEqual(before);
    expect((await fetchEvidence(s.assessor, theirs.url)).status).toBe(404);
  });

  it("carries a finding's photo to its problem, attaches photos to reported problems and to reports, and shows them to the rectifying staff", async () => {
    const s = await scene();
    const photo = (await upload(s.assessor, JPEG, "finding.jpg")).body;
    const ua = await completeScoring(api, {
      campaignId: s.campaignId,
      kind: "UNIFIED_ASSESSMENT",
      venueId: s.venues.districtSubcenter,
      assigner: s.manager,
      assignee: s.assessor,
      findings: [{ indicatorCode: "I01", ruleCode: "R1", evidenceIds: [photo.id] }],
    });
    const problemId = ua.problems[0]!.id;
    const pr = ok(
      await api.gql(`query($id: ID!) { problem(id: $id) { evidence { id url } } }`, { id: problemId }, s.manager.token),
    ).problem;
    expect(pr.evidence).toEqual([{ id: photo.id, url: photo.url }]);

    // The staff who rectify the problem see its photo, and attach their own to the report.
    const rect = await assign(api, s.manager, {
      campaignId: s.campaignId,
      kind: "RECTIFICATION",
      problemIds: [problemId],
      assigneeId: s.staff.id,
    });
    expect((await fetchEvidence(s.staff, photo.url)).status).toBe(200);
    expect((await fetchEvidence(s.otherStaff, photo.url)).status).toBe(404);
    await start(api, s.staff, rect.id);
    const after = (await upload(s.staff, PNG, "整改后.png")).body;
    await submit(api, s.staff, rect.id, { report: "已整改", evidenceIds: [after.id] });
    const report = ok(
      await api.gql(`query($id: ID!) { task(id: $id) { evidence { id fileName } } }`, { id: rect.id }, s.manager.token),
    ).task;
    expect(report.evidence).toEqual([{ id: after.id, fileName: "整改后.png" }]);
    expect((await fetchEvidence(s.manager, after.url)).status).toBe(200);
    expect((await fetchEvidence(s.outsiderManager, after.url)).status).toBe(404);

    // The re-check's assessor sees the problem's photo.
    const rc = await assign(api, s.manager, {
      campaignId: s.campaignId,
      kind: "RECHECK",
      problemIds: [problemId],
      assigneeId: s.otherAssessor.id,
    });
    expect(rc.kind).toBe("RECHECK");
    expect((await fetchEvidence(s.otherAssessor, photo.url)).status).toBe(200);

    // An inspection's reported problem with its photo.
    const insp = await assign(api, s.manager, {
      campaignId: s.campaignId,
      kind: "UNANNOUNCED_INSPECTION",
      venueId: s.venues.station,
      assigneeId: s.assessor.id,
    });
    await start(api, s.assessor, insp.id);
    const seen = (await upload(s.assessor, WEBP, "暗访.webp")).body;
    const reported = ok(
      await api.gql(
        `mutation($i: ReportProblemInput!) { reportProblem(input: $i) { id evidence { id contentType } } }`,
        { i: { taskId: insp.id, indicatorCode: "I20", ruleCode: "R1", description: "未公示", evidenceIds: [seen.id] } },
        s.assessor.token,
      ),
    ).reportProblem;
    expect(reported.evidence).toEqual([{ id: seen.id, contentType: "image/webp" }]);
    // The station's staff see the problems of their venue, with their photos; other venues' staff do not.
    expect((await fetchEvidence(s.otherStaff, seen.url)).status).toBe(200);
    expect((await fetchEvidence(s.staff, seen.url)).status).toBe(404);
  });
});
