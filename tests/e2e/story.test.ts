import { readFileSync } from "node:fs";
import type { Browser, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import ExcelJS from "exceljs";
import { ok } from "../support/harness";
import {
  axeViolations,
  consoleBuilt,
  count,
  DESKTOP,
  FOR_AXE,
  GraphqlWatch,
  hasChromium,
  hasText,
  launch,
  open,
  PHONE,
  phoneLayout,
  savedVersion,
  shot,
  signIn,
  takePageErrors,
  value,
  visible,
} from "./support/browser";
import { demoCity, type DemoCity } from "./support/demo-city";
import { photo } from "./support/png";

/**
 * The whole year of one venue, walked in Chromium as its people would, on the demo city 鞍山市: a district manager
 * assigns, an assessor scores on a phone with a photo, the manager approves, problems appear, the venue's staff
 * rectify with evidence, a re-check resolves one problem and reopens the other, and the city runs the evaluation.
 */
describe.skipIf(!process.env.CI && (!hasChromium || !consoleBuilt))("the console, end to end (Chromium)", () => {
  let city: DemoCity;
  let browser: Browser;
  let base: string;
  const watch = new GraphqlWatch();
  const staffPassword = "station-staff-pass-1";
  const place = { villageId: "", venueId: "", venueName: "", staff: "" };

  beforeAll(async () => {
    [city, browser] = await Promise.all([demoCity(), launch()]);
    base = city.api.url;
    // A village of 铁东区 of the test's own, so that its work starts from nothing; its station and staff made as an admin would.
    const admin = ok(
      await city.api.gql(`mutation($p: String!) { login(username: "anshan.admin", password: $p) { token } }`, {
        p: city.passwords.CITY_ADMIN,
      }),
    ).login.token;
    const township = ok(await city.api.gql(`{ units(search: "铁东区") { id kind children { id kind } } }`, {}, admin))
      .units.find((u: { kind: string }) => u.kind === "DISTRICT")
      .children.find((c: { kind: string }) => c.kind === "TOWNSHIP");
    const gql = async (q: string, v: Record<string, unknown>) => ok(await city.api.gql(q, v, admin));
    place.villageId = (
      await gql(`mutation($i: CreateUnitInput!) { createUnit(input: $i) { id } }`, {
        i: { code: "e2e-village", name: "试点社区", kind: "VILLAGE", parentId: township.id },
      })
    ).createUnit.id;
    place.venueName = "试点社区便民服务站";
    place.venueId = (
      await gql(`mutation($i: CreateVenueInput!) { createVenue(input: $i) { id } }`, {
        i: { code: "e2e-station", name: place.venueName, type: "CONVENIENCE_STATION", unitId: place.villageId },
      })
    ).createVenue.id;
    place.staff = "shidian.staff";
    await gql(`mutation($i: CreateUserInput!) { createUser(input: $i) { id } }`, {
      i: {
        username: place.staff,
        displayName: "试点社区便民服务站窗口负责人",
        password: staffPassword,
        role: "VENUE_STAFF",
        venueId: place.venueId,
      },
    });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await city?.close();
  });

  // After every test: no script error in any page, and no GraphQL answer refused, failed or forbidden.
  afterEach(async () => {
    expect(takePageErrors()).toEqual([]);
    expect(await watch.refused()).toEqual([]);
  });

  // A form field's accessible name, with or without the required mark (*) that Ant Design draws before its label.
  const field = (label: string) => new RegExp(`^\\*?\\s*${label.replace(/[()（）]/g, "\\$&")}$`);
  /** Types into a searchable select (inside a dialog when one is open) and takes the option. */
  const pick = async (page: Page, label: string, search: string, option: string | RegExp) => {
    const dialog = page.locator(".ant-modal, .ant-drawer").filter({ visible: true });
    const scope = (await dialog.count()) ? dialog.last() : page;
    const box = scope.getByRole("combobox", { name: field(label) });
    // The select shows what was taken; a click that landed while the list was still changing is made again.
    for (let attempt = 1; ; attempt++) {
      await box.click();
      await box.fill(search);
      await page.locator(".ant-select-dropdown:visible .ant-select-item-option", { hasText: option }).first().click();
      const shown = await box.locator("xpath=ancestor::*[contains(@class,'ant-select')][1]").innerText();
      if ((typeof option === "string" ? shown.includes(option) : option.test(shown)) || attempt === 3) return;
    }
  };
  const choose = async (page: Page, label: string, option: string) => {
    await page
      .locator(".ant-modal")
      .getByRole("combobox", { name: field(label) })
      .click();
    await page.locator(".ant-select-item-option", { hasText: option }).first().click();
  };
  const confirm = (page: Page) =>
    page
      .locator(".ant-popconfirm")
      .getByRole("button", { name: /确\s*定|OK/ })
      .click();
  const taskId = (page: Page) => /\/tasks\/(\d+)/.exec(page.url())![1]!;

  it("a venue's year: assign, score on a phone, approve, rectify, re-check, evaluate", async () => {
    const pages: Page[] = [];
    try {
      await story(pages);
    } catch (e) {
      // What each person saw when it failed, for whoever reads the CI log.
      for (const [i, p] of pages.entries()) await p.screenshot({ path: `/tmp/e2e-failure-${i}.png` }).catch(() => {});
      throw e;
    }
  }, 480_000);

  async function story(pages: Page[]) {
    const manager = await open(browser, DESKTOP, watch);
    const m = manager.page;
    pages.push(m);
    await signIn(m, base, "tiedong.manager", city.passwords.UNIT_MANAGER);
    await hasText(m.getByRole("heading", { level: 1 }), "工作台");
    await visible(m.getByText("范围：铁东区"));
    await shot(m, "01-dashboard-district-manager", true);

    // 1. Bulk-assign self-checks of the village to each venue's own staff: the count is shown before anything is created.
    await m.goto(`${base}/tasks`);
    await m.getByRole("button", { name: /批量下达/ }).click();
    await pick(m, "单位（含下级）", "试点社区", "试点社区");
    await visible(m.getByText(/将创建 1 项任务/));
    // The plan's self-check date has passed (the demo's deadlines are shifted around today): a date is asked for.
    await visible(m.getByText(/方案规定的截止日期（.*）已过/));
    const due = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
    await m.getByRole("textbox", { name: field("截止日期（不填按方案时限）") }).fill(due);
    await m.keyboard.press("Enter");
    await shot(m, "02-bulk-assign-preview");
    await m.getByRole("button", { name: /下达 1 项任务/ }).click();
    await visible(m.getByText("已下达 1 项任务"));

    // 2. A unified assessment of the station, for the district's assessor.
    await m.getByRole("button", { name: /下达任务/ }).click();
    await choose(m, "任务类型", "统一考核");
    await pick(m, "场所", "试点社区", place.venueName);
    await pick(m, "承办人", "tiedong.assessor", "tiedong.assessor");
    await m
      .locator(".ant-modal")
      .getByRole("button", { name: /确\s*定|OK/ })
      .click();
    await m.waitForURL(/\/tasks\/\d+$/);
    const assessmentId = taskId(m);
    await hasText(m.getByRole("heading", { level: 1 }), `统一考核 · ${place.venueName}`);

    // 3. The assessor, on a phone, scores with a photo; the score is computed as they type and saved as they go.
    const assessor = await open(browser, PHONE, watch);
    const a = assessor.page;
    pages.push(a);
    await signIn(
      a,
      base,
      "tiedong.assessor",
      city.passwords.ASSESSOR,
      `/tasks?kind=UNIFIED_ASSESSMENT&status=ASSIGNED`,
    );
    await hasText(a.getByRole("heading", { level: 1 }), "我的任务");
    await a.getByRole("button", { name: /筛选/ }).click();
    await pick(a, "场所", "试点社区", place.venueName);
    await count(a.getByRole("link", { name: new RegExp(place.venueName) }), 1);
    await shot(a, "03-phone-my-tasks");
    await a.getByRole("link", { name: new RegExp(place.venueName) }).click();
    await a.getByRole("button", { name: /开始办理/ }).click();
    await visible(a.getByText("已开始办理"));
    const started = await savedVersion(a);
    await a.locator('[data-rule="I03/R1"] input[type=checkbox]').check();
    await a.getByRole("button", { name: "I04 R1 次数 +1" }).click();
    await a.getByRole("button", { name: "I04 R1 次数 +1" }).click();
    await a.getByLabel("I03 R1 说明").fill("功能区缺少休息等候区");
    await a
      .locator('[data-rule="I03/R1"] [data-testid=camera-input]')
      .setInputFiles({ name: "现场照片.png", mimeType: "image/png", buffer: photo() });
    await visible(a.locator('[data-rule="I03/R1"] img'));
    await a.getByLabel("I04 R1 说明").fill("缺少饮水机、针线包");
    await hasText(a.getByRole("status", { name: "总分" }), "95");
    // A complete sheet: every other indicator examined and passed, ticked one by one.
    await visible(a.getByText(/还有 \d+ 项指标未检查/));
    const passed = a.locator('input[type=checkbox][aria-label$="已检查，无问题"]:not(:checked):not(:disabled)');
    for (let n = await passed.count(); n > 0; n = await passed.count()) await passed.first().check();
    expect(await a.getByText(/还有 \d+ 项指标未检查/).count()).toBe(0);
    await savedVersion(a, started);
    expect(await phoneLayout(a).then((l) => l.overflow)).toBeLessThanOrEqual(0);
    await shot(a, "04-phone-scoring-sheet");
    await a.getByRole("button", { name: /提\s*交/ }).click();
    await confirm(a);
    await visible(a.getByText("已提交").first());
    const saved = ok(
      await city.api.gql(
        `{ task(id: ${assessmentId}) { status score { total } findings { indicatorCode occurrences note evidence { id } } } }`,
        {},
        await token(city, "tiedong.manager"),
      ),
    );
    expect(saved.task.status).toBe("SUBMITTED");
    expect(saved.task.score.total).toBe(95);
    expect(saved.task.findings.find((f: { indicatorCode: string }) => f.indicatorCode === "I03").evidence).toHaveLength(
      1,
    );

    // 4. The manager approves: the findings become problems of the venue.
    await m.goto(`${base}/tasks/${assessmentId}`);
    await m.getByRole("button", { name: /审核通过/ }).click();
    await confirm(m);
    await visible(m.getByText("已审核通过"));
    await visible(m.getByText(/涉及问题 \(2\)/));
    await shot(m, "05-assessment-approved");

    // 5. Rectification of both problems by the venue's own staff, with evidence.
    await m.goto(`${base}/problems?venueId=${place.venueId}`);
    await count(m.locator("tbody tr"), 2);
    await m.locator("thead .ant-checkbox-input").check();
    await m.getByRole("button", { name: "下达整改" }).click();
    await pick(m, "承办人", "shidian", place.staff);
    await m
      .locator(".ant-modal")
      .getByRole("button", { name: /确\s*定|OK/ })
      .click();
    await m.waitForURL(/\/tasks\/\d+$/);
    const rectificationId = taskId(m);

    const staff = await open(browser, { ...PHONE, ...FOR_AXE }, watch);
    const s = staff.page;
    pages.push(s);
    await signIn(s, base, place.staff, staffPassword, `/tasks/${rectificationId}`);
    await s.getByRole("button", { name: /开始办理/ }).click();
    await s.getByLabel("情况说明").fill("已增设休息等候区，配齐饮水机和针线包。");
    await s
      .locator("[data-testid=camera-input]")
      .last()
      .setInputFiles({ name: "整改后.png", mimeType: "image/png", buffer: photo(96, 72, 80) });
    await visible(s.locator("img").first());
    expect(await phoneLayout(s).then((l) => l.overflow)).toBeLessThanOrEqual(0);
    await shot(s, "06-phone-rectification");
    await s.getByRole("button", { name: /提\s*交/ }).click();
    await confirm(s);
    await visible(s.getByText("已提交").first());

    await m.goto(`${base}/tasks/${rectificationId}`);
    await m.getByRole("button", { name: /审核通过/ }).click();
    await confirm(m);
    await visible(m.getByText("已审核通过"));

    // 6. A re-check: one problem rectified, the other not.
    await m.goto(`${base}/problems?venueId=${place.venueId}&status=AWAITING_RECHECK`);
    await count(m.locator("tbody tr"), 2);
    await m.locator("thead .ant-checkbox-input").check();
    await m.getByRole("button", { name: "下达复检" }).click();
    await pick(m, "承办人", "tiedong.assessor", "tiedong.assessor");
    await m
      .locator(".ant-modal")
      .getByRole("button", { name: /确\s*定|OK/ })
      .click();
    await m.waitForURL(/\/tasks\/\d+$/);
    const recheckId = taskId(m);

    await a.goto(`${base}/tasks/${recheckId}`);
    await a.getByRole("button", { name: /开始办理/ }).click();
    const verdicts = a.getByRole("radiogroup");
    await count(verdicts, 2);
    await verdicts.nth(0).getByText("已整改").click();
    await verdicts.nth(1).getByText("未整改到位").click();
    await a.getByLabel(/复检说明 I04/).fill("饮水机仍未配备");
    await shot(a, "07-phone-recheck");
    await a.getByRole("button", { name: /提\s*交/ }).click();
    await confirm(a);
    await visible(a.getByText("已提交").first());
    await m.goto(`${base}/tasks/${recheckId}`);
    // The manager reads the verdicts before approving: they take effect only then.
    await visible(m.getByText("复检结论在审核通过后生效").first());
    await m.getByRole("button", { name: /审核通过/ }).click();
    await confirm(m);
    await visible(m.getByText("已审核通过"));

    await m.goto(`${base}/problems?venueId=${place.venueId}`);
    await count(m.locator("tbody tr").filter({ hasText: "已整改" }), 1);
    await count(m.locator("tbody tr").filter({ hasText: "待整改" }), 1);
    await count(m.locator("tbody tr").filter({ hasText: "复检未通过 1" }), 1);
    await shot(m, "08-problems-after-recheck");

    // 7. The city runs the annual evaluation, reads the ranking with its breakdown, downloads the spreadsheet.
    const admin = await open(browser, DESKTOP, watch);
    const c = admin.page;
    pages.push(c);
    await signIn(c, base, "anshan.admin", city.passwords.CITY_ADMIN, "/evaluation");
    await c.waitForLoadState("networkidle");
    // The ranking shown after the run is the new run's (an earlier run would show the same units).
    const before = await c
      .getByText(/^计算于/)
      .first()
      .innerText({ timeout: 1000 })
      .catch(() => "");
    await c.getByRole("button", { name: /开始综合评价/ }).click();
    await visible(c.getByText("综合评价已完成").first(), 60_000);
    await c.waitForFunction(
      (old) =>
        [...document.querySelectorAll("div.ant-typography")].some(
          (e) => e.textContent?.startsWith("计算于") && e.textContent !== old,
        ),
      before,
    );
    const rows = c.locator(".ant-table-tbody tr.ant-table-row");
    await count(rows.filter({ hasText: "铁东区" }), 1);
    expect(await rows.count()).toBe(16);
    await rows.filter({ hasText: "铁东区" }).locator(".ant-table-row-expand-icon").click();
    await visible(c.getByText("整改逾期（敷衍推诿）"));
    await shot(c, "09-evaluation-ranking", true);
    const [download] = await Promise.all([
      c.waitForEvent("download"),
      c.getByRole("button", { name: /下载排名表/ }).click(),
    ]);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(readFileSync((await download.path())!) as unknown as ArrayBuffer);
    const names = book.worksheets[0]!.getColumn(2).values.map(String);
    expect(names).toContain("铁东区");
    // The 通报 of this evaluation, from the same page.
    const [bulletin] = await Promise.all([
      c.waitForEvent("download"),
      c.getByRole("button", { name: /下载通报/ }).click(),
    ]);
    expect(bulletin.suggestedFilename()).toBe("2024年度综合评价结果通报.docx");
    expect(
      readFileSync((await bulletin.path())!)
        .subarray(0, 2)
        .toString(),
    ).toBe("PK");

    await c.goto(`${base}/`);
    await visible(c.getByText("最新综合评价排名"));
    await count(c.locator(".ant-card", { hasText: "最新综合评价排名" }).locator("tbody tr"), 10);
    await shot(c, "10-dashboard-city", true);

    for (const x of [manager, assessor, staff, admin]) await x.context.close();
  }

  it("keeps a sheet typed offline and saves it when the connection is back; a reload loses nothing", async () => {
    const id = await assignedAssessment(city, "tiedong.assessor");
    const { context, page } = await open(browser, PHONE, watch);
    await signIn(page, base, "tiedong.assessor", city.passwords.ASSESSOR, `/tasks/${id}`);
    await page.getByRole("button", { name: /开始办理/ }).click();
    await visible(page.getByText("已开始办理"));
    const started = await savedVersion(page);

    await context.setOffline(true);
    await page.locator('[data-rule="I01/R1"] input[type=checkbox]').check();
    await page.getByLabel("I01 R1 说明").fill("未设置在辖区范围内");
    await visible(page.getByText(/网络已断开：修改保存在本机/));
    await shot(page, "11-phone-offline");
    expect(await serverFindings(city, id)).toEqual([]);

    // Back online: saved without a click.
    await context.setOffline(false);
    await page.evaluate(() => window.dispatchEvent(new Event("online")));
    const online = await savedVersion(page, started);
    expect(await serverFindings(city, id)).toEqual([
      { indicatorCode: "I01", ruleCode: "R1", occurrences: 1, note: "未设置在辖区范围内" },
    ]);

    // Saves that never reach the server (a flaky connection the browser thinks is up), then a reload: what was typed
    // comes back from this device, and is saved when saves get through again.
    await page.route("**/graphql", (route) =>
      route.request().postData()?.includes("saveSheet") ? route.abort() : route.continue(),
    );
    await page.getByRole("button", { name: "I04 R1 次数 +1" }).click();
    await visible(page.getByText(/已存本机，待联网/));
    await page.reload();
    // Restored from this device; still not saved, and the page says so (one notice, not a pile of them).
    await value(page.getByRole("spinbutton", { name: "I04 R1 次数" }), "1");
    await visible(page.getByText(/已存本机，待联网/));
    expect((await serverFindings(city, id)).map((f) => f.indicatorCode)).toEqual(["I01"]);
    await page.unroute("**/graphql");
    await page.evaluate(() => window.dispatchEvent(new Event("online")));
    await savedVersion(page, online);
    expect((await serverFindings(city, id)).map((f) => `${f.indicatorCode}/${f.occurrences}`).sort()).toEqual([
      "I01/1",
      "I04/1",
    ]);
    await context.close();
  }, 240_000);

  it("tells the second of two browsers editing one sheet that it changed, and lets it keep its own", async () => {
    const id = await assignedAssessment(city, "tiedong.assessor");
    const first = await open(browser, DESKTOP, watch);
    const second = await open(browser, PHONE, watch);
    await signIn(first.page, base, "tiedong.assessor", city.passwords.ASSESSOR, `/tasks/${id}`);
    await first.page.getByRole("button", { name: /开始办理/ }).click();
    await visible(first.page.getByText("已开始办理"));
    const seenByFirst = await savedVersion(first.page);
    await signIn(second.page, base, "tiedong.assessor", city.passwords.ASSESSOR, `/tasks/${id}`);
    const seenBySecond = await savedVersion(second.page);
    expect(seenBySecond).toBe(seenByFirst);

    await first.page.locator('[data-rule="I02/R1"] input[type=checkbox]').check();
    const firstSaved = await savedVersion(first.page, seenByFirst);
    await second.page.locator('[data-rule="I03/R1"] input[type=checkbox]').check();
    await visible(second.page.getByRole("alert").filter({ hasText: "此评分表已被他人修改" }));
    await shot(second.page, "12-phone-conflict");
    expect((await serverFindings(city, id)).map((f) => f.indicatorCode)).toEqual(["I02"]);

    await second.page.getByRole("button", { name: "以我的修改为准保存" }).click();
    await savedVersion(second.page, firstSaved);
    expect((await serverFindings(city, id)).map((f) => f.indicatorCode)).toEqual(["I03"]);
    await first.context.close();
    await second.context.close();
  }, 240_000);

  it("has no serious or critical accessibility violation on any page, in Chinese and in English", async () => {
    const { context, page } = await open(browser, { ...DESKTOP, ...FOR_AXE }, watch);
    await page.goto(`${base}/login`);
    const found: string[] = (await axeViolations(page)).map((v) => `/login: ${v}`);
    await signIn(page, base, "anshan.admin", city.passwords.CITY_ADMIN);
    const task = ok(
      await city.api.gql(
        `{ tasks(first: 1, filter: { kind: UNIFIED_ASSESSMENT, status: COMPLETED }) { nodes { id } } }`,
        {},
        await token(city, "anshan.admin"),
      ),
    ).tasks.nodes[0].id;
    const problem = ok(
      await city.api.gql(`{ problems(first: 1) { nodes { id } } }`, {}, await token(city, "anshan.admin")),
    ).problems.nodes[0].id;
    const pages = [
      "/",
      "/tasks",
      `/tasks/${task}`,
      "/problems",
      `/problems/${problem}`,
      "/units",
      "/users",
      "/evaluation",
      "/rubrics/2024-comprehensive-center",
    ];
    const check = async (lang: string) => {
      for (const path of pages) {
        await page.goto(`${base}${path}`);
        await page.waitForLoadState("networkidle");
        await visible(page.getByRole("heading", { level: 1 }));
        found.push(...(await axeViolations(page)).map((v) => `${lang} ${path}: ${v}`));
      }
    };
    await check("zh");
    await page.getByRole("button", { name: "English" }).click();
    await visible(page.getByRole("link", { name: "Dashboard" }));
    await shot(page, "13-rubric-english");
    await check("en");
    expect(await page.evaluate(() => document.documentElement.lang)).toBe("en");
    console.log(
      `axe: ${pages.length * 2 + 1} pages checked (Chinese and English), ${found.length} serious or critical violations`,
    );
    expect(found).toEqual([]);
    await context.close();
  }, 240_000);

  it("fits the assessor's and the staff's pages on a 390 px phone: no sideways scrolling, 44 px targets, accessible", async () => {
    const id = await assignedAssessment(city, "tiedong.assessor");
    const { context, page } = await open(browser, { ...PHONE, ...FOR_AXE }, watch);
    await signIn(page, base, "tiedong.assessor", city.passwords.ASSESSOR, `/tasks/${id}`);
    await page.getByRole("button", { name: /开始办理/ }).click();
    await savedVersion(page, 1);
    await page.locator('[data-rule="I03/R1"] input[type=checkbox]').check();
    const report: string[] = [];
    const check = async (what: string) => {
      await page.waitForLoadState("networkidle");
      // Colours are judged at rest: a drawer or a highlight still fading in fails contrast half-way.
      await page.waitForFunction(() =>
        document
          .getAnimations()
          .every((a) => a.playState !== "running" || a.effect?.getComputedTiming().endTime === Infinity),
      );
      const layout = await phoneLayout(page);
      if (layout.overflow > 0) report.push(`${what}: ${layout.overflow} px wider than the screen`);
      report.push(...layout.small.map((s) => `${what}: ${s} is smaller than 44 px`));
      report.push(...(await axeViolations(page)).map((v) => `${what}: ${v}`));
    };
    await check("a sheet");
    for (const path of ["/", "/tasks", "/problems"]) {
      await page.goto(`${base}${path}`);
      await visible(page.getByRole("heading", { level: 1 }));
      await check(path);
    }
    await page.getByRole("button", { name: "菜单" }).click();
    await visible(page.getByRole("link", { name: "问题清单" }));
    await check("the menu");
    await shot(page, "14-phone-menu");
    await context.close();

    const staff = await open(browser, { ...PHONE, ...FOR_AXE }, watch);
    const staffTask = ok(
      await city.api.gql(
        `{ tasks(first: 1, filter: { kind: RECTIFICATION, status: IN_PROGRESS }) { nodes { id assignee { username } } } }`,
        {},
        await token(city, "anshan.admin"),
      ),
    ).tasks.nodes[0];
    await signIn(staff.page, base, staffTask.assignee.username, city.passwords.VENUE_STAFF, `/tasks/${staffTask.id}`);
    await visible(staff.page.getByLabel("情况说明"));
    const layout = await phoneLayout(staff.page);
    report.push(
      ...(layout.overflow > 0 ? [`a rectification: ${layout.overflow} px too wide`] : []),
      ...layout.small.map((s) => `a rectification: ${s}`),
    );
    report.push(...(await axeViolations(staff.page)).map((v) => `a rectification: ${v}`));
    await staff.context.close();

    // A manager on a phone: the dashboard's wide tables scroll inside their cards, never the page.
    const manager = await open(browser, { ...PHONE, ...FOR_AXE }, watch);
    await signIn(manager.page, base, "tiedong.manager", city.passwords.UNIT_MANAGER, "/");
    await visible(manager.page.getByText("各单位进度"));
    await manager.page.waitForLoadState("networkidle");
    const dash = await phoneLayout(manager.page);
    if (dash.overflow > 0) report.push(`a manager's dashboard: ${dash.overflow} px too wide`);
    await manager.page.waitForTimeout(1500); // the charts draw themselves in
    await shot(manager.page, "15-phone-manager-dashboard");
    console.log(`phone: 7 views checked, ${report.length} problems`);
    expect(report).toEqual([]);
    await manager.context.close();
  }, 240_000);

  it("moves a rectification's due date past its period only by an extension the city grants", async () => {
    const managerToken = await token(city, "tiedong.manager");
    const rect = ok(
      await city.api.gql(
        `{ tasks(first: 50, filter: { kind: RECTIFICATION, open: true }) { nodes { id dueAt viewerCan { requestExtension } } } }`,
        {},
        managerToken,
      ),
    ).tasks.nodes.find((n: { viewerCan: { requestExtension: boolean } }) => n.viewerCan.requestExtension);
    const manager = await open(browser, DESKTOP, watch);
    await signIn(manager.page, base, "tiedong.manager", city.passwords.UNIT_MANAGER, `/tasks/${rect.id}`);
    await manager.page.getByRole("button", { name: "申请延期" }).click();
    const wanted = new Date(Date.now() + 120 * 86_400_000).toISOString().slice(0, 10);
    await manager.page.getByRole("textbox", { name: /新的截止日期/ }).fill(wanted);
    await manager.page.keyboard.press("Enter");
    await manager.page.getByRole("textbox", { name: /理由/ }).fill("需要重新装修服务大厅，工期较长");
    await manager.page
      .locator(".ant-modal")
      .getByRole("button", { name: /确\s*定|OK/ })
      .click();
    await visible(manager.page.getByText("待审批"));

    const admin = await open(browser, DESKTOP, watch);
    await signIn(admin.page, base, "anshan.admin", city.passwords.CITY_ADMIN, "/");
    await visible(admin.page.getByText(/待审批的延期申请 \(\d+\)/));
    await shot(admin.page, "16-city-pending-extensions");
    await admin.page.goto(`${base}/tasks/${rect.id}`);
    await admin.page.getByRole("button", { name: "批准延期" }).click();
    await admin.page.locator(".ant-modal").getByRole("textbox").fill("同意延期");
    await admin.page
      .locator(".ant-modal")
      .getByRole("button", { name: /确\s*定|OK/ })
      .click();
    await visible(admin.page.getByText("已批准"));
    const after = ok(
      await city.api.gql(
        `query($id: ID!) { task(id: $id) { dueAt history { action } } }`,
        { id: rect.id },
        managerToken,
      ),
    ).task;
    expect(after.dueAt).toBe(`${wanted}T15:59:59.999Z`);
    expect(new Date(after.dueAt).getTime()).toBeGreaterThan(new Date(rect.dueAt).getTime());
    expect(after.history.map((h: { action: string }) => h.action)).toEqual(
      expect.arrayContaining(["EXTENSION_REQUESTED", "EXTENSION_GRANTED"]),
    );
    await shot(admin.page, "17-extension-granted");
    await manager.context.close();
    await admin.context.close();
  }, 240_000);

  it("lets a manager rename a user and move them to the new village: the user is signed out at once", async () => {
    const managerToken = await token(city, "tiedong.manager");
    const tiedong = ok(await city.api.gql(`{ me { unit { id } } }`, {}, managerToken)).me.unit.id;
    const username = `e2e.mover.${Math.random().toString(36).slice(2, 6)}`;
    const password = "mover-pass-2024x";
    const created = ok(
      await city.api.gql(
        `mutation($i: CreateUserInput!) { createUser(input: $i) { id } }`,
        { i: { username, displayName: "待调整考核员", password, role: "ASSESSOR", unitId: tiedong } },
        managerToken,
      ),
    ).createUser.id;
    const moverToken = ok(
      await city.api.gql(`mutation($u: String!, $p: String!) { login(username: $u, password: $p) { token } }`, {
        u: username,
        p: password,
      }),
    ).login.token;

    const manager = await open(browser, DESKTOP, watch);
    await signIn(manager.page, base, "tiedong.manager", city.passwords.UNIT_MANAGER, "/users");
    await manager.page.getByRole("searchbox", { name: "搜索用户名或姓名" }).fill(username);
    const row = manager.page.locator("tr", { hasText: username });
    await row.getByRole("button", { name: /^编\s*辑$/ }).click();
    const dialog = manager.page.locator(".ant-modal").filter({ visible: true });
    await dialog.getByRole("textbox", { name: field("姓名") }).fill("试点社区考核员");
    await pick(manager.page, "单位", "试点社区", "试点社区");
    await shot(manager.page, "18-edit-user");
    await dialog.getByRole("button", { name: /确\s*定|OK/ }).click();
    await visible(manager.page.getByText("已保存：试点社区考核员"));
    await visible(row.getByText("试点社区考核员"));
    const after = ok(
      await city.api.gql(
        `query($s: String!) { users(search: $s) { nodes { id displayName unit { id } } } }`,
        { s: username },
        managerToken,
      ),
    ).users.nodes;
    expect(after).toEqual([{ id: created, displayName: "试点社区考核员", unit: { id: place.villageId } }]);
    // The mover's earlier session ended with the move.
    const old = await city.api.gql(`{ me { id } }`, {}, moverToken);
    expect(old.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    await manager.context.close();
  }, 240_000);

  it("downloads the documents from the pages that have them: a task's 评分表, the 问题清单 as filtered, a unit's 汇总评分表", async () => {
    const managerToken = await token(city, "tiedong.manager");
    const me = ok(await city.api.gql(`{ me { unit { id name } } }`, {}, managerToken)).me;
    const done = ok(
      await city.api.gql(
        `{ tasks(first: 1, filter: { kind: UNIFIED_ASSESSMENT, status: COMPLETED }) { nodes { id venue { name } } } }`,
        {},
        managerToken,
      ),
    ).tasks.nodes[0];
    const { context, page } = await open(browser, DESKTOP, watch);
    await signIn(page, base, "tiedong.manager", city.passwords.UNIT_MANAGER, `/tasks/${done.id}`);
    const fetched = async (button: RegExp) => {
      const [file] = await Promise.all([
        page.waitForEvent("download"),
        page.getByRole("button", { name: button }).click(),
      ]);
      const body = readFileSync((await file.path())!);
      expect(body.subarray(0, 2).toString(), file.suggestedFilename()).toBe("PK");
      return file.suggestedFilename();
    };
    expect(await fetched(/下载评分表/)).toBe(`${done.venue.name}评分表.docx`);
    await page.goto(`${base}/problems?status=OPEN`);
    await visible(page.getByRole("heading", { level: 1, name: "问题清单" }));
    const requested = page.waitForRequest((r) => r.url().includes("/exports/problems/"));
    expect(await fetched(/下载问题清单/)).toBe("2024年度问题清单.xlsx");
    expect((await requested).url()).toMatch(/\/exports\/problems\/\d+\.xlsx\?status=OPEN$/);
    await page.goto(`${base}/units?unit=${me.unit.id}`);
    expect(await fetched(/下载汇总评分表/)).toBe(`2024年度汇总评分表（${me.unit.name}）.xlsx`);
    await context.close();
  }, 240_000);

  it("lets a manager add a webhook (its secret shown once), refuses a private address, and deletes it", async () => {
    const { context, page } = await open(browser, DESKTOP, watch);
    await signIn(page, base, "tiedong.manager", city.passwords.UNIT_MANAGER, "/users");
    await page.getByRole("tab", { name: "Webhook 推送" }).click();
    const url = page.getByRole("textbox", { name: field("接收地址（URL）") });
    await url.fill("http://127.0.0.1:9/hook");
    await page.getByRole("button", { name: /新建 Webhook/ }).click();
    await visible(page.getByText(/loopback, private or link-local/));
    await url.fill("https://93.184.216.34/hook");
    await page.getByRole("button", { name: /新建 Webhook/ }).click();
    await visible(page.getByText(/签名密钥只显示这一次/));
    const row = page.locator("tr", { hasText: "https://93.184.216.34/hook" });
    await visible(row.getByText("任务完成"));
    await shot(page, "19-webhooks");
    const listed = ok(
      await city.api.gql(`{ webhooks { url events } }`, {}, await token(city, "tiedong.manager")),
    ).webhooks;
    expect(listed).toEqual([{ url: "https://93.184.216.34/hook", events: ["TASK_COMPLETED", "PROBLEM_CREATED"] }]);
    await row.getByRole("button", { name: /删\s*除/ }).click();
    await confirm(page);
    await expect
      .poll(
        async () =>
          ok(await city.api.gql(`{ webhooks { id } }`, {}, await token(city, "tiedong.manager"))).webhooks.length,
      )
      .toBe(0);
    await context.close();
  }, 240_000);

  it("loads at most 300 KB of gzipped JavaScript for the sign-in page", async () => {
    const { context, page } = await open(browser, DESKTOP);
    // Bytes as they crossed the wire (the API serves scripts gzipped), each response's size awaited before adding up.
    const sizes: Promise<number>[] = [];
    page.on("response", (r) => {
      if (r.request().resourceType() === "script")
        sizes.push(r.allHeaders().then(async (h) => Number(h["content-length"] ?? (await r.body()).length)));
    });
    await page.goto(`${base}/login`);
    await page.waitForLoadState("networkidle");
    await visible(page.getByRole("button", { name: /登\s*录/ }));
    const scripts = await Promise.all(sizes);
    const bytes = scripts.reduce((a, b) => a + b, 0);
    console.log(`sign-in page: ${scripts.length} scripts, ${(bytes / 1024).toFixed(1)} KB gzipped`);
    expect(bytes).toBeLessThanOrEqual(300 * 1024);
    await context.close();
  });
});

async function token(city: DemoCity, username: string): Promise<string> {
  const role = username.endsWith(".manager")
    ? "UNIT_MANAGER"
    : username.endsWith(".admin")
      ? "CITY_ADMIN"
      : username.includes("assessor")
        ? "ASSESSOR"
        : "VENUE_STAFF";
  return ok(
    await city.api.gql(`mutation($u: String!, $p: String!) { login(username: $u, password: $p) { token } }`, {
      u: username,
      p: city.passwords[role],
    }),
  ).login.token;
}

/** A unified assessment of a new station of 铁东区, assigned to the assessor through the API. */
async function assignedAssessment(city: DemoCity, assessor: string): Promise<string> {
  const admin = await token(city, "anshan.admin");
  const gql = async (q: string, v: Record<string, unknown> = {}) => ok(await city.api.gql(q, v, admin));
  const village = (await gql(`{ units(search: "试点社区") { id } }`)).units[0].id;
  const code = `e2e-${Math.random().toString(36).slice(2, 8)}`;
  const venueId = (
    await gql(`mutation($i: CreateVenueInput!) { createVenue(input: $i) { id } }`, {
      i: { code, name: `站 ${code}`, type: "CONVENIENCE_STATION", unitId: village },
    })
  ).createVenue.id;
  const campaignId = (await gql(`{ campaigns { id } }`)).campaigns[0].id;
  const assessorId = (await gql(`{ users(search: "${assessor}") { nodes { id username } } }`)).users.nodes.find(
    (u: { username: string }) => u.username === assessor,
  ).id;
  return (
    await gql(`mutation($i: AssignTaskInput!) { assignTask(input: $i) { id } }`, {
      i: { campaignId, kind: "UNIFIED_ASSESSMENT", venueId, assigneeId: assessorId },
    })
  ).assignTask.id;
}

async function serverFindings(city: DemoCity, taskId: string) {
  const t = ok(
    await city.api.gql(
      `{ task(id: ${taskId}) { findings { indicatorCode ruleCode occurrences note } } }`,
      {},
      await token(city, "anshan.admin"),
    ),
  );
  return t.task.findings as { indicatorCode: string; ruleCode: string; occurrences: number; note: string | null }[];
}
