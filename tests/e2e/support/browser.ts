import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { chromium, type Browser, type BrowserContext, type Locator, type Page, type Response } from "playwright-core";

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const hasChromium = existsSync(CHROMIUM);
const root = join(__dirname, "..", "..", "..");
export const SHOTS = join(root, "docs", "screenshots");
export const consoleBuilt = existsSync(join(root, "apps", "console", "dist", "index.html"));

/** Debian's Chromium, headless, with nothing reaching out to Google's hosts (this network is closed). */
export function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--disable-quic",
      "--no-first-run",
    ],
  });
}

export const DESKTOP = { viewport: { width: 1440, height: 900 }, locale: "zh-CN", timezoneId: "Asia/Shanghai" };
export const PHONE = {
  viewport: { width: 390, height: 844 },
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
  locale: "zh-CN",
  timezoneId: "Asia/Shanghai",
};
/** For the accessibility checks only: axe-core is injected as an inline script, which the console's CSP refuses. */
export const FOR_AXE = { bypassCSP: true };

/**
 * Every GraphQL answer the console got during a test. None may be refused as a request (HTTP 400: CSRF prevention, a
 * document the schema does not validate), fail inside (INTERNAL_SERVER_ERROR), or refuse what the console offered
 * (FORBIDDEN): the console offers only what the server allows. `expected` lists the codes a test provokes on purpose.
 */
export class GraphqlWatch {
  private answers: Promise<string | null>[] = [];
  /** By design: a problem's source task is FORBIDDEN to whoever may see the problem but not the task. */
  private static readonly BY_DESIGN = new Set(["ProblemPage_Source:FORBIDDEN"]);
  watch(page: Page) {
    page.on("response", (r: Response) => {
      if (!r.url().endsWith("/graphql")) return;
      const body = r.request().postData() ?? "";
      const op =
        /"operationName":"(\w+)"/.exec(body)?.[1] ??
        /(?:query|mutation)\s+(\w+)/.exec(body)?.[1] ??
        r.request().method();
      this.answers.push(
        (async () => {
          if (r.status() === 400 || r.request().method() !== "POST")
            return `${r.request().method()} ${op}: HTTP ${r.status()}`;
          const json = (await r.json().catch(() => null)) as { errors?: { extensions?: { code?: string } }[] } | null;
          const codes = (json?.errors ?? []).map((e) => e.extensions?.code ?? "?");
          const bad = codes.filter(
            (c) =>
              ["FORBIDDEN", "INTERNAL_SERVER_ERROR", "GRAPHQL_VALIDATION_FAILED", "BAD_REQUEST"].includes(c) &&
              !GraphqlWatch.BY_DESIGN.has(`${op}:${c}`),
          );
          return bad.length ? `${op}: ${bad.join(",")}` : null;
        })(),
      );
    });
  }
  /** The answers that were refused or failed, since the last call. */
  async refused(): Promise<string[]> {
    const all = await Promise.all(this.answers);
    this.answers = [];
    return all.filter((x): x is string => x !== null);
  }
}

/** Errors thrown in any page opened by `open` since the last call (a test fails on any). */
const pageErrors: string[] = [];
export const takePageErrors = () => pageErrors.splice(0);

/** A fresh browser context (its own storage: a separate person or device) and a page in it. */
export async function open(
  browser: Browser,
  device: (typeof DESKTOP | typeof PHONE) & { bypassCSP?: boolean },
  watch?: GraphqlWatch,
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext(device);
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  watch?.watch(page);
  page.on("pageerror", (e) => pageErrors.push(String(e)));
  return { context, page };
}

/** The version the sheet says it saved, once it says so. */
export async function savedVersion(page: Page, after = 0): Promise<number> {
  const text = await until(
    () =>
      page
        .getByText(/已保存（版本 \d+）/)
        .first()
        .innerText(),
    (t) => Number(/版本 (\d+)/.exec(t)?.[1] ?? 0) > after,
    `a saved version after ${after}`,
  );
  return Number(/版本 (\d+)/.exec(text)![1]);
}

/** Signs in through the sign-in page and waits for the app to leave it. */
export async function signIn(page: Page, base: string, username: string, password: string, path = "/"): Promise<void> {
  await page.goto(`${base}/login?next=${encodeURIComponent(path)}`);
  await page.getByLabel("用户名").fill(username);
  await page.getByLabel("密码").fill(password);
  await page.getByRole("button", { name: /登\s*录/ }).click();
  await page.waitForURL((u) => !u.pathname.startsWith("/login"));
}

/** A screenshot for the README, under docs/screenshots/. */
export async function shot(page: Page, name: string, fullPage = false): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  await page.waitForLoadState("networkidle").catch(() => {});
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage, animations: "disabled" });
}

const AXE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

/** axe-core's serious and critical violations on the page as it is now (each with where it is). */
export async function axeViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: AXE });
  const result = await page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: {
          run: (
            ctx: unknown,
            o: unknown,
          ) => Promise<{ violations: { id: string; impact: string; help: string; nodes: { target: string[] }[] }[] }>;
        };
      }
    ).axe;
    return axe.run(document, { resultTypes: ["violations"] });
  });
  return result.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map(
      (v) =>
        `${v.impact} ${v.id} (${v.help}): ${v.nodes
          .slice(0, 3)
          .map((n) => n.target.join(" "))
          .join(" | ")}`,
    );
}

/** No sideways scrolling, and every visible control a finger uses at least 44 px high (and wide). */
export async function phoneLayout(page: Page): Promise<{ overflow: number; small: string[] }> {
  return page.evaluate(() => {
    const overflow = document.documentElement.scrollWidth - window.innerWidth;
    const small: string[] = [];
    for (const el of Array.from(
      document.querySelectorAll<HTMLElement>(
        "button, a[href], input:not([type=hidden]):not([type=file]), [role=switch], [role=combobox], .ant-checkbox-wrapper, .ant-radio-wrapper",
      ),
    )) {
      const r = el.getBoundingClientRect();
      if (!r.width || !r.height || getComputedStyle(el).visibility === "hidden") continue;
      // A control inside a bigger target (a checkbox's input inside its 44 px label) counts as that target.
      const target =
        (el.closest(
          ".ant-checkbox-wrapper, .ant-radio-wrapper, .touch-row, .ant-select, .ant-input-number, .ant-input-affix-wrapper, .ant-picker",
        ) as HTMLElement | null) ?? el;
      const t = target.getBoundingClientRect();
      if (Math.max(r.height, t.height) < 44)
        small.push(
          `${el.tagName.toLowerCase()}${el.textContent ? ` "${el.textContent.trim().slice(0, 20)}"` : ""} ${Math.round(r.width)}×${Math.round(r.height)}`,
        );
    }
    return { overflow, small };
  });
}

/** Web-first checks (playwright-core has no expect of its own): each waits until it holds, or fails saying what it saw. */
async function until<T>(read: () => Promise<T>, holds: (v: T) => boolean, what: string, ms = 30_000): Promise<T> {
  const end = Date.now() + ms;
  let last: T | undefined;
  for (;;) {
    last = await read().catch(() => undefined as T);
    if (last !== undefined && holds(last)) return last;
    if (Date.now() > end) throw new Error(`${what}: still ${JSON.stringify(last)} after ${ms} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
const matches = (text: string, want: string | RegExp) =>
  typeof want === "string" ? text.includes(want) : want.test(text);
export const visible = (l: Locator, ms = 30_000) => l.first().waitFor({ state: "visible", timeout: ms });
export const hasText = (l: Locator, want: string | RegExp, ms?: number) =>
  until(
    () => l.first().innerText(),
    (t) => matches(t, want),
    `text of ${l} to match ${want}`,
    ms,
  );
export const count = (l: Locator, n: number, ms?: number) =>
  until(
    () => l.count(),
    (c) => c === n,
    `count of ${l} to be ${n}`,
    ms,
  );
export const value = (l: Locator, v: string, ms?: number) =>
  until(
    () => l.inputValue(),
    (x) => x === v,
    `value of ${l} to be ${v}`,
    ms,
  );
