import type { Locale, T } from "../../i18n/i18n";
import { formatDateTime } from "../../lib/format";

const ISO = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z/g;
const KINDS = /\b(SELF_CHECK|UNIFIED_ASSESSMENT|UNANNOUNCED_INSPECTION|RECTIFICATION|RECHECK|ANNUAL_REPORT)\b/g;

/** The API's history notes, written for the record in English, said in the reader's language, with local dates. */
export function localizeDetail(detail: string, _t: T, label: (e: string, v: string) => string, locale: Locale): string {
  let text = detail;
  if (locale === "zh") {
    const rules: [RegExp, string][] = [
      [/^(\d+) findings, total ([\d.]+)$/, "$1 处扣分，总分 $2"],
      [/ \(bulk\) due /, "（批量）截止 "],
      [/, due /, "，截止 "],
      [/ due /, " 截止 "],
      [/^due (\S+): reminded the assignee$/, "截止 $1，已提醒承办人"],
      [/^level (\d): overdue since (\S+); notified (\d+) user\(s\)$/, "$1 级督办：$2 起逾期，已通知 $3 人"],
      [
        /^level (\d): still overdue (\d+) h after level 1; notified (\d+) user\(s\)$/,
        "$1 级督办：1 级督办后 $2 小时仍逾期，已通知 $3 人",
      ],
      [/problem (\d+): resolved/g, "问题 $1：已整改"],
      [/problem (\d+): not resolved/g, "问题 $1：未整改到位"],
    ];
    for (const [re, to] of rules) text = text.replace(re, to);
  }
  return text.replace(ISO, (iso) => formatDateTime(iso, locale)).replace(KINDS, (k) => label("TaskKind", k));
}
