/** Notification texts, in the users' language; times in Asia/Shanghai (UTC+8, no daylight saving). */
export function shanghaiTime(d: Date): string {
  const local = new Date(d.getTime() + 8 * 3_600_000).toISOString();
  return `${local.slice(0, 10)} ${local.slice(11, 16)}`;
}

export interface TaskFacts {
  id: number;
  dueAt: Date;
  venueName: string | null;
  unitName: string | null;
}

const what = (t: TaskFacts) =>
  `整改任务 #${t.id}${t.venueName ? `（${t.venueName}${t.unitName ? `，${t.unitName}` : ""}）` : ""}`;

export function reminderMessage(t: TaskFacts): string {
  return `${what(t)}将于 ${shanghaiTime(t.dueAt)} 到期，请按时完成整改并提交。`;
}

export function escalationMessage(t: TaskFacts, level: number): string {
  return level === 1
    ? `${what(t)}已逾期（应于 ${shanghaiTime(t.dueAt)} 完成），升级为第 1 级督办：请督促整改落实。`
    : `${what(t)}逾期仍未整改，升级为第 2 级督办（市营商局）。`;
}

export interface ProblemFacts {
  id: number;
  venueName: string | null;
  unitName: string | null;
  openSince: Date;
  graceDays: number;
}

/** A problem left without a rectification past the grace period (敷衍推诿). */
export function problemEscalationMessage(p: ProblemFacts, level: number): string {
  const what = `问题 #${p.id}${p.venueName ? `（${p.venueName}${p.unitName ? `，${p.unitName}` : ""}）` : ""}`;
  return level === 1
    ? `${what}自 ${shanghaiTime(p.openSince)} 起超过 ${p.graceDays} 天未安排整改（敷衍推诿），升级为第 1 级督办：请尽快安排整改。`
    : `${what}仍未安排整改，升级为第 2 级督办（市营商局）。`;
}
