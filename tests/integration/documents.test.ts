import ExcelJS from "exceljs";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PROBLEM_HEADERS } from "../../apps/api/src/documents/problems-xlsx";
import { SUMMARY_HEADERS } from "../../apps/api/src/documents/summary-xlsx";
import { demoCity, type DemoCity } from "../e2e/support/demo-city";
import { ok } from "../support/harness";
import { hasOffice, officeReader } from "../support/office";
import { settled } from "../support/worker";

/**
 * The four documents of the contract and the evaluation's spreadsheet, downloaded from the demo city (鞍山市) as its
 * users would, and read back by LibreOffice (to PDF and CSV) and poppler: their facts, their pages, who may have them.
 * A picture of each first page goes to docs/documents/ (the README shows them).
 */
const PICTURES = join(__dirname, "..", "..", "docs", "documents");

describe.skipIf(!process.env.CI && !hasOffice)("the printed documents, read back by LibreOffice", () => {
  let city: DemoCity;
  let campaignId: string;
  let admin: string;
  const reader = officeReader();
  const tally = { documents: 0, facts: 0, pages: 0 };

  const login = async (username: string, role: keyof DemoCity["passwords"]) =>
    ok(
      await city.api.gql(`mutation($u: String!, $p: String!) { login(username: $u, password: $p) { token } }`, {
        u: username,
        p: city.passwords[role],
      }),
    ).login.token as string;
  const gql = async (token: string, q: string, v: Record<string, unknown> = {}) => ok(await city.api.gql(q, v, token));
  /** Every node of a connection, page by page (at most 100 a page). */
  const all = async (
    token: string,
    field: "tasks" | "problems",
    filter: string,
    nodes: string,
    v: Record<string, unknown>,
  ) => {
    const out: any[] = [];
    for (let after: string | null = null; ;) {
      const page: any = (
        await gql(
          token,
          `query($after: String, ${Object.keys(v)
            .map((k) => `$${k}: ID!`)
            .join(
              ", ",
            )}) { ${field}(first: 100, after: $after, filter: ${filter}) { totalCount nodes { ${nodes} } pageInfo { hasNextPage endCursor } } }`,
          { ...v, after },
        )
      )[field];
      out.push(...page.nodes);
      if (!page.pageInfo.hasNextPage) return { totalCount: page.totalCount as number, nodes: out };
      after = page.pageInfo.endCursor;
    }
  };
  const get = (path: string, token: string | null) =>
    fetch(`${city.api.url}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  const download = async (path: string, token: string) => {
    const res = await get(path, token);
    expect(res.status, `${path}: ${res.status} ${res.status === 200 ? "" : await res.clone().text()}`).toBe(200);
    expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="[\w.-]+"; filename\*=UTF-8''/);
    tally.documents++;
    return Buffer.from(await res.arrayBuffer());
  };
  const contains = (text: string, facts: string[]) => {
    const flat = text.replace(/\s+/g, "");
    for (const f of facts) expect(flat, `the document says "${f}"`).toContain(f.replace(/\s+/g, ""));
    tally.facts += facts.length;
  };

  beforeAll(async () => {
    city = await demoCity();
    admin = await login("anshan.admin", "CITY_ADMIN");
    campaignId = (await gql(admin, `{ campaigns { id } }`)).campaigns[0].id;
    mkdirSync(PICTURES, { recursive: true });
  }, 240_000);

  afterAll(async () => {
    console.log(
      `documents: ${tally.documents} downloaded, ${tally.facts} facts found in them, ${tally.pages} pages printed`,
    );
    await city?.close();
  });

  it("prints a 评分表 as its annex is laid out, with what was found, the totals, the people, the dates and signature lines", async () => {
    const tasks = (
      await gql(
        admin,
        `query($c: ID!) { tasks(first: 100, filter: { campaignId: $c, kind: UNIFIED_ASSESSMENT, status: COMPLETED }) { nodes { id venue { name } assignee { displayName } findings { indicatorCode } score { total deducted bonus } rubric { code title bonusCap indicators { level1 } } } } }`,
        { c: campaignId },
      )
    ).tasks.nodes;
    const task =
      tasks.find(
        (t: { findings: unknown[]; rubric: { bonusCap: number } }) => t.findings.length >= 2 && t.rubric.bonusCap > 0,
      ) ?? tasks.find((t: { findings: unknown[] }) => t.findings.length > 0);
    expect(task, "a completed unified assessment with findings in the demo").toBeTruthy();
    const sheet = await download(`/exports/tasks/${task.id}/sheet.docx`, admin);
    const pdf = await reader.pdf(sheet, "docx");
    const text = await reader.docText(sheet);
    const pages = await reader.pages(pdf);
    tally.pages += pages;
    const fmt = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(1));
    contains(text, [
      task.rubric.title.replace(/考核指标$/, "考核评分表"),
      task.venue.name,
      "统一考核",
      task.assignee.displayName,
      "一级指标",
      "二级指标",
      "评分标准",
      "扣分情况",
      ...new Set<string>(task.rubric.indicators.map((i: { level1: string }) => i.level1)),
      `扣分 ${fmt(task.score.deducted)} 分`,
      "考核人员（签字）",
      "被考核场所负责人（签字）",
    ]);
    // Every printed page says which of how many it is.
    contains(await reader.text(pdf, pages), [`第 ${pages} 页，共 ${pages} 页`]);
    // The last row, cell by cell: 合计, the rubric's 100 points, what was deducted, the bonus, the total.
    expect(text).toMatch(
      new RegExp(
        `^合计\n100\n${fmt(task.score.deducted)}\n扣分 ${fmt(task.score.deducted)} 分[^\n]*\n${fmt(task.score.total)}$`,
        "m",
      ),
    );
    expect(pages).toBeGreaterThanOrEqual(2);
    expect(pages).toBeLessThanOrEqual(8);
    await reader.firstPage(pdf, join(PICTURES, "sheet.png"));

    // Who may have it: whoever may see the task; a district that may not, a task without a sheet, no sign-in: refused.
    const other = await login("lishan.manager", "UNIT_MANAGER").catch(() => null);
    if (other) {
      const visible = await city.api.gql(`query($id: ID!) { task(id: $id) { id } }`, { id: task.id }, other);
      expect((await get(`/exports/tasks/${task.id}/sheet.docx`, other)).status).toBe(visible.data?.task ? 200 : 404);
    }
    const rect = (
      await gql(
        admin,
        `query($c: ID!) { tasks(first: 1, filter: { campaignId: $c, kind: RECTIFICATION }) { nodes { id } } }`,
        { c: campaignId },
      )
    ).tasks.nodes[0];
    const none = await get(`/exports/tasks/${rect.id}/sheet.docx`, admin);
    expect(none.status).toBe(404);
    expect(((await none.json()) as { message: string }).message).toMatch(/RECTIFICATION: it has no scoring sheet/);
    expect((await get(`/exports/tasks/${task.id}/sheet.docx`, null)).status).toBe(401);
  }, 120_000);

  it("lists the problems (问题清单) of a unit and a status, every one the API lists, with the header on every page", async () => {
    const manager = await login("tiedong.manager", "UNIT_MANAGER");
    const unitId = (await gql(manager, `{ me { unit { id name } } }`)).me.unit.id;
    const listed = await all(manager, "problems", "{ campaignId: $c, unitId: $u, status: OPEN }", "id", {
      c: campaignId,
      u: unitId,
    });
    expect(listed.totalCount).toBeGreaterThan(0);
    const body = await download(`/exports/problems/${campaignId}.xlsx?unitId=${unitId}&status=OPEN`, manager);
    const sheet = (await reader.sheets(body)).get("问题清单")!;
    expect(sheet[1]).toEqual(PROBLEM_HEADERS);
    const rows = sheet.slice(2).filter((r) => /^\d+$/.test(r[0] ?? ""));
    expect(rows).toHaveLength(listed.totalCount);
    expect(rows.map((r) => r[PROBLEM_HEADERS.indexOf("问题编号")]).sort()).toEqual(
      listed.nodes.map((n: { id: string }) => n.id).sort(),
    );
    expect(new Set(rows.map((r) => r[PROBLEM_HEADERS.indexOf("状态")]))).toEqual(new Set(["待整改"]));
    tally.facts += rows.length;
    const pdf = await reader.pdf(body, "xlsx");
    const pages = await reader.pages(pdf);
    tally.pages += pages;
    for (let page = 1; page <= pages; page++) contains(await reader.text(pdf, page), ["场所", "扣分规则", "问题描述"]);
    await reader.firstPage(pdf, join(PICTURES, "problems.png"));
    // A status that is none: refused, naming it; a unit out of the manager's scope: not found.
    const bad = await get(`/exports/problems/${campaignId}.xlsx?status=DONE`, manager);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { message: string }).message).toMatch(/^status: must be one of OPEN/);
    const city1 = (await gql(admin, `{ units { id } }`)).units[0].id;
    expect((await get(`/exports/problems/${campaignId}.xlsx?unitId=${city1}`, manager)).status).toBe(404);
  }, 120_000);

  it("sums up a district's venues (汇总评分表): each venue's latest unified assessment indicator by indicator, averages by venue type", async () => {
    const manager = await login("tiedong.manager", "UNIT_MANAGER");
    const unit = (await gql(manager, `{ me { unit { id name } } }`)).me.unit;
    const body = await download(`/exports/summary/${campaignId}.xlsx?unitId=${unit.id}`, manager);
    const sheets = await reader.sheets(body);
    const overview = sheets.get("汇总")!;
    expect(overview[0]![0]).toContain(unit.name);
    expect(overview[1]).toEqual(SUMMARY_HEADERS);
    // Each venue's total is the score of its latest completed unified assessment, as the API answers it.
    const done = (
      await all(
        manager,
        "tasks",
        "{ campaignId: $c, kind: UNIFIED_ASSESSMENT, status: COMPLETED }",
        "id venue { code type } score { total }",
        { c: campaignId },
      )
    ).nodes;
    const latest = new Map<string, { total: number; type: string }>();
    for (const t of [...done].sort((a: { id: string }, b: { id: string }) => Number(a.id) - Number(b.id)))
      latest.set(t.venue.code, { total: t.score.total, type: t.venue.type });
    expect(latest.size).toBeGreaterThan(0);
    const names: Record<string, string> = {
      COMPREHENSIVE_CENTER: "综合政务服务中心",
      PROFESSIONAL_SUBCENTER: "专业分中心",
      CONVENIENCE_CENTER: "便民服务中心",
      CONVENIENCE_STATION: "便民服务站",
    };
    let checked = 0;
    for (const [venue, { total, type }] of latest) {
      const rows = sheets.get(names[type]!)!;
      const header = rows[1]!;
      const row = rows.find((r) => r[header.indexOf("场所编码")] === venue);
      expect(row, venue).toBeTruthy();
      expect(Number(row![header.indexOf("总分")])).toBeCloseTo(total, 2);
      checked++;
    }
    tally.facts += checked;
    // The overview's counts add up to the venues listed.
    const listed = [...sheets.entries()]
      .filter(([name]) => name !== "汇总")
      .reduce((n, [, rows]) => n + rows.filter((r) => /^\d+$/.test(r[0] ?? "")).length, 0);
    const counted = overview
      .slice(2)
      .filter((r) => SUMMARY_HEADERS.length && Object.values(names).includes(r[0] ?? ""))
      .reduce((n, r) => n + Number(r[1]), 0);
    expect(counted).toBe(listed);
    const pdf = await reader.pdf(body, "xlsx");
    tally.pages += await reader.pages(pdf);
    await reader.firstPage(pdf, join(PICTURES, "summary.png"));
    // Assessors sum up nothing; a unit is required.
    const assessor = await login("tiedong.assessor", "ASSESSOR");
    expect((await get(`/exports/summary/${campaignId}.xlsx?unitId=${unit.id}`, assessor)).status).toBe(403);
    expect((await get(`/exports/summary/${campaignId}.xlsx`, manager)).status).toBe(400);
  }, 120_000);

  it("publishes the 通报 once there is an evaluation, and the evaluation's spreadsheet prints landscape with unit names on every page", async () => {
    const before = await get(`/exports/evaluation/${campaignId}/bulletin.docx`, admin);
    expect(before.status).toBe(404);
    expect(((await before.json()) as { message: string }).message).toMatch(/no annual evaluation yet/);
    const queued = (
      await gql(admin, `mutation($c: ID!) { requestAnnualEvaluation(campaignId: $c) { id } }`, { c: campaignId })
    ).requestAnnualEvaluation;
    expect((await settled(city.api, admin, queued.id, 90_000)).state).toBe("COMPLETED");
    const entries = (
      await gql(
        admin,
        `query($c: ID!) { annualEvaluation(campaignId: $c) { entries { rank score penalty unit { name } } } }`,
        { c: campaignId },
      )
    ).annualEvaluation.entries;

    const bulletin = await download(`/exports/evaluation/${campaignId}/bulletin.docx`, admin);
    const pdf = await reader.pdf(bulletin, "docx");
    const text = await reader.docText(bulletin);
    tally.pages += await reader.pages(pdf);
    contains(text, [
      "结果的通报",
      "各县（市、区）营商环境建设局",
      "一、总体情况",
      "二、综合评价结果",
      "三、问题较多的场所",
      "四、逾期整改情况",
      "五、工作要求",
      "市营商环境建设局",
    ]);
    contains(
      text,
      entries.map((e: { unit: { name: string } }) => e.unit.name),
    );
    const first = entries[0];
    // The ranking table, cell by cell: 1, the first unit, its score.
    expect(text).toMatch(new RegExp(`^1\n${first.unit.name}\n${first.score.toFixed(2)}\n`, "m"));
    await reader.firstPage(pdf, join(PICTURES, "bulletin.png"));

    // The ranking's spreadsheet: A4 landscape, one page wide, the header row and the unit's name on every page.
    const xlsx = await download(`/exports/evaluation/${campaignId}.xlsx`, admin);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx as never);
    const ranking = book.getWorksheet("综合评价排名")!;
    expect(ranking.pageSetup).toMatchObject({
      paperSize: 9,
      orientation: "landscape",
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      printTitlesRow: "1:1",
      printTitlesColumn: "A:B",
    });
    expect(ranking.getColumn(4).numFmt).toBe("0.00");
    const sheetPdf = await reader.pdf(xlsx, "xlsx");
    const pages = await reader.pages(sheetPdf);
    tally.pages += pages;
    for (let page = 1; page <= pages; page++) {
      const pageText = await reader.text(sheetPdf, page);
      if (pageText.includes("评价口径")) continue; // the last sheet, the policy the run used
      contains(pageText, ["排名", "单位", entries[0].unit.name]);
    }
    await reader.firstPage(sheetPdf, join(PICTURES, "evaluation.png"));
    // Where a type had venues but none assessed: 未考核, not 0.
    const rows = (await reader.sheets(xlsx)).get("各类场所得分")!;
    const header = rows[0]!;
    let unassessed = 0;
    for (const r of rows.slice(1)) {
      for (const type of ["综合政务服务中心", "专业分中心", "便民服务中心", "便民服务站"]) {
        const venues = Number(r[header.indexOf(`${type}场所数`)]);
        const assessed = Number(r[header.indexOf(`${type}已考核`)]);
        const mean = r[header.indexOf(`${type}平均分`)];
        if (venues > 0 && assessed === 0) expect(mean).toBe("未考核");
        if (venues > 0 && assessed === 0) unassessed++;
        if (venues === 0) expect(mean).toBe("—");
      }
    }
    expect(unassessed, "the demo has units with a venue type none of whose venues was assessed").toBeGreaterThan(0);
  }, 240_000);
});
