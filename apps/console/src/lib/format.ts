import type { Locale } from "../i18n/i18n";

const TZ = "Asia/Shanghai";

/** Dates are shown in Asia/Shanghai, where the plan's deadlines are days. */
export function formatDate(iso: string | null | undefined, locale: Locale): string {
  if (!iso) return "—";
  return new Intl.DateTimeFormat(locale === "zh" ? "zh-CN" : "en-GB", {
    timeZone: TZ,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).format(new Date(iso));
}

export function formatDateTime(iso: string | null | undefined, locale: Locale): string {
  if (!iso) return "—";
  return new Intl.DateTimeFormat(locale === "zh" ? "zh-CN" : "en-GB", {
    timeZone: TZ,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    hour12: false,
  }).format(new Date(iso));
}

/** Points are halves at most; scores of evaluations have up to three decimals. */
export function formatPoints(n: number | null | undefined, digits = 1): string {
  if (n === null || n === undefined) return "—";
  return Number.isInteger(n) ? String(n) : n.toFixed(digits).replace(/0+$/, "").replace(/\.$/, "");
}

/** The Shanghai calendar day of a date, as YYYY-MM-DD. */
export function shanghaiDay(d: Date): { year: number; month: number; day: number } {
  const local = new Date(d.getTime() + 8 * 3_600_000);
  return { year: local.getUTCFullYear(), month: local.getUTCMonth() + 1, day: local.getUTCDate() };
}
