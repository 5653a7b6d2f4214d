import { Readable } from "node:stream";
import { endOfDayAfter } from "@assess/domain";
import type { DataSource } from "typeorm";
import type { Principal } from "../../../apps/api/dist/common/principal";
import type { Services } from "../../../apps/api/dist/services";
import type { VenueCast } from "../seed/year";

const DAY = 86_400_000;

export interface ShowcaseInput {
  services: Services;
  ds: DataSource;
  now: Date;
  /** Moves the services' clock, so that each step happens on its day. */
  setTime: (t: Date) => void;
  campaignId: number;
  admin: Principal;
  venue: VenueCast;
  assessorId: number;
}

/**
 * The city centre's year so far, step by step through the API's own services (the same code GraphQL runs):
 * self-check → problems → rectification → re-check (one passed, one failed) → a second rectification, now overdue
 * (the worker escalates it when it starts) → the unified assessment, submitted and waiting for the city's review.
 */
export async function showcase(s: ShowcaseInput): Promise<void> {
  const { services, ds, campaignId, admin, venue } = s;
  const day = (daysAgo: number, hour = 10) => {
    const t = new Date(s.now.getTime() - daysAgo * DAY);
    t.setUTCHours(hour - 8, 7 * (daysAgo % 8), 0, 0);
    s.setTime(t);
    return t;
  };
  const principal = async (userId: number): Promise<Principal> => {
    const [r] = await ds.query(
      "SELECT u.id, u.role, u.unit_id, u.venue_id, un.path, un.kind FROM user u LEFT JOIN unit un ON un.id = u.unit_id WHERE u.id = ?",
      [userId],
    );
    return {
      userId: r.id,
      role: r.role,
      unitId: r.unit_id,
      unitPath: r.path,
      unitKind: r.kind,
      venueId: r.venue_id,
      viaApiToken: false,
    };
  };
  const staff = await principal(venue.staffId);
  const assessor = await principal(s.assessorId);
  const assign = (
    kind: "SELF_CHECK" | "UNIFIED_ASSESSMENT" | "RECTIFICATION" | "RECHECK",
    assigneeId: number,
    problemIds: number[] = [],
    dueAt: Date | null = null,
  ) =>
    services.tasks.assign(admin, {
      campaignId,
      kind,
      assigneeId,
      venueId: venue.venueId,
      unitId: null,
      dueAt,
      problemIds,
    });
  const finding = (
    indicatorCode: string,
    ruleCode: string,
    occurrences: number,
    note: string | null = null,
    evidenceIds: number[] = [],
  ) => ({ indicatorCode, ruleCode, occurrences, note, evidenceIds });
  // A complete sheet marks every deduction indicator examined; a bonus (加分项) is claimed with its 证明材料, uploaded first.
  const examined = venue.rubric.indicators.filter((i) => !i.bonus).map((i) => i.code);
  const proof = async (who: Principal, fileName: string, title: string) =>
    (await services.evidence.store(who, fileName, Readable.from([certificate(title)]), () => false)).id;

  day(66);
  const sc = await assign("SELF_CHECK", venue.staffId);
  day(64);
  await services.tasks.start(staff, sc.id);
  day(63, 15);
  const pilot = await proof(staff, "省级试点任务书.pdf", "Provincial pilot: integrated one-thing service");
  await services.sheets.saveSheet(
    staff,
    sc.id,
    [
      finding("I02", "R2", 3, "3项高频事项仍在部门单独受理，未进驻中心"),
      finding("I06", "R1", 1, "二楼自助终端停机两周，无人维护"),
      finding("I24", "R3", 1, "承担省级“一件事”集成办试点", [pilot]),
    ],
    examined,
    null,
  );
  day(62);
  await services.tasks.submit(staff, sc.id, {
    report: "自检完成：发现2项问题，已制定整改计划。",
    evidenceIds: [],
    verdicts: null,
  });
  day(60);
  await services.tasks.review(admin, sc.id, true, "自检结果属实。");
  const problems: { id: number }[] = await ds.query("SELECT id FROM problem WHERE source_task_id = ? ORDER BY id", [
    sc.id,
  ]);
  const problemIds = problems.map((p) => p.id);

  day(59);
  const rect = await assign("RECTIFICATION", venue.staffId, problemIds);
  day(55);
  await services.tasks.start(staff, rect.id);
  day(48, 16);
  await services.tasks.submit(staff, rect.id, {
    report: "高频事项已进驻综合窗口；自助终端已报修并恢复运行。",
    evidenceIds: [],
    verdicts: null,
  });
  day(47);
  await services.tasks.review(admin, rect.id, true, null);

  day(46);
  const recheck = await assign("RECHECK", s.assessorId, problemIds);
  day(44);
  await services.tasks.start(assessor, recheck.id);
  day(43, 15);
  await services.tasks.submit(assessor, recheck.id, {
    report: "复检：事项进驻已整改到位；自助终端再次停机，整改不到位。",
    evidenceIds: [],
    verdicts: problemIds.map((id, i) => ({
      problemId: id,
      resolved: i === 0,
      note: i === 0 ? "已进驻并实质运行" : "现场复核时终端仍无法使用",
    })),
  });
  day(42);
  await services.tasks.review(admin, recheck.id, true, null);

  // 整改不到位: the failed problem is rectified again, and that rectification is overdue now.
  day(40);
  const again = await assign(
    "RECTIFICATION",
    venue.staffId,
    problemIds.slice(1),
    endOfDayAfter(new Date(s.now.getTime() - 40 * DAY), 30),
  );
  day(38);
  await services.tasks.start(staff, again.id);

  day(36);
  const ua = await assign("UNIFIED_ASSESSMENT", s.assessorId);
  day(20);
  await services.tasks.start(assessor, ua.id);
  day(19, 16);
  const promoted = await proof(assessor, "全省推广通知.pdf", "Provincial promotion: benefits without application");
  await services.sheets.saveSheet(
    assessor,
    ua.id,
    [
      finding("I05", "R1", 2, "一次性告知执行不到位2件次"),
      finding("I06", "R1", 1, "自助终端仍停机"),
      finding("I13", "R1", 3),
      finding("I24", "R2", 1, "“免申即享”做法在全省推广", [promoted]),
    ],
    examined,
    null,
  );
  day(3);
  await services.tasks.submit(assessor, ua.id, {
    report: "市级中心统一考核现场评分完成，待市营商局审核。",
    evidenceIds: [],
    verdicts: null,
  });
}

/** A one-page PDF standing in for a 证明材料 (the evidence store judges files by content). */
function certificate(title: string): Buffer {
  const text = `BT /F1 14 Tf 72 720 Td (${title.replace(/[()\\]/g, "")}) Tj ET`;
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
    `<< /Length ${text.length} >>\nstream\n${text}\nendstream`,
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
  ];
  let body = "%PDF-1.4\n";
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(body.length);
    body += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, "0")} 00000 n \n`).join("")}`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, "latin1");
}
