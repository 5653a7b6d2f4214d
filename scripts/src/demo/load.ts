import type { Config } from "@assess/config";
import { endOfDayAfter, type Role, type VenueType } from "@assess/domain";
import { loadRubrics } from "@assess/rubrics";
import type { DataSource } from "typeorm";
import { hashPassword } from "../../../apps/api/dist/auth/passwords";
import type { Principal } from "../../../apps/api/dist/common/principal";
import { createServices } from "../../../apps/api/dist/services";
import { Ids, MysqlSink, connect } from "../lib/bulk";
import { Rng, readablePassword } from "../lib/random";
import { SheetMaker } from "../lib/sheets";
import { Workbook, timesFor } from "../lib/work";
import type { Campaign, VenueCast } from "../seed/year";
import { CITY, DEPARTMENTS, DISTRICTS } from "./anshan";
import { showcase } from "./showcase";
import { demoVenue, type HalfWay } from "./story";
import { villageNames } from "./villages";

/** The city unit's code while loading; renamed to CITY.code when everything is in, so a half-load is never taken for a load. */
export const LOADING_CODE = `${CITY.code}.loading`;

const DAY = 86_400_000;
const ago = (now: Date, days: number) => new Date(now.getTime() - days * DAY);

export interface RoleLogin {
  role: Role;
  usernames: string[];
  password: string;
}

export interface DemoLoad {
  logins: RoleLogin[];
  apiToken: string;
  counts: {
    districts: number;
    departments: number;
    townships: number;
    villages: number;
    venues: number;
    users: number;
    tasks: number;
    problems: number;
  };
  ms: number;
}

/** Who may log in as what: one password per role, shared by that role's demo users. */
const ROLES: Role[] = ["CITY_ADMIN", "UNIT_MANAGER", "ASSESSOR", "VENUE_STAFF"];

/** The principal of a user, as the API resolves it from a token. */
export async function principalOf(ds: DataSource, userId: number): Promise<Principal> {
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
}

/** Campaign deadlines around `now`, so that the 2024 campaign is half-way through whenever the demo runs. */
export function halfWayDeadlines(now: Date) {
  return {
    selfCheckDue: endOfDayAfter(now, -30),
    unifiedAssessmentDue: endOfDayAfter(now, 10),
    convenienceAssessmentDue: endOfDayAfter(now, 60),
    recheckDue: endOfDayAfter(now, 100),
    annualReportDue: endOfDayAfter(now, 100),
    rectificationDays: 30,
  };
}

/**
 * Loads 鞍山市 half-way through its 2024 campaign. Units, centres and the campaign go through the API's own services;
 * the ~1,000 villages and stations, the users and the campaign's work go in as multi-row INSERTs, with every score
 * computed by the domain library. The city unit is created as LOADING_CODE and renamed last.
 */
export async function loadDemo(o: {
  ds: DataSource;
  config: Config;
  databaseUrl: string;
  now: Date;
  seed?: number;
  log: (line: string) => void;
}): Promise<DemoLoad> {
  const started = Date.now();
  const { ds, config, now } = o;
  const rng = new Rng(o.seed ?? 20240601);
  const rubrics = loadRubrics();
  let time = now;
  const services = createServices({ ds, config, rubrics, clock: () => new Date(time) });
  try {
    const passwords = Object.fromEntries(ROLES.map((r) => [r, readablePassword()])) as Record<Role, string>;
    const hashes = Object.fromEntries(
      await Promise.all(ROLES.map(async (r) => [r, await hashPassword(passwords[r], config.BCRYPT_ROUNDS)])),
    ) as Record<Role, string>;
    const inserted = await ds.query(
      "INSERT INTO user (username, display_name, password_hash, role, active) VALUES ('anshan.admin', '鞍山市营商局管理员', ?, 'CITY_ADMIN', 1)",
      [hashes.CITY_ADMIN],
    );
    const adminId = Number(inserted.insertId);
    const admin = await principalOf(ds, adminId);
    const cityAdminIds = (
      (await ds.query("SELECT id FROM user WHERE role = 'CITY_ADMIN' AND active = 1 ORDER BY id")) as { id: number }[]
    ).map((u) => u.id);

    // The tree down to the townships, and every centre, through the services (as an admin would, over GraphQL).
    const unit = (
      code: string,
      name: string,
      kind: "CITY" | "DISTRICT" | "DEPARTMENT" | "TOWNSHIP",
      parentId: number | null,
    ) => services.units.createUnit(admin, { code, name, kind, parentId });
    const venue = (code: string, name: string, type: VenueType, unitId: number) =>
      services.units.createVenue(admin, { code, name, type, unitId });
    const city = await unit(LOADING_CODE, CITY.name, "CITY", null);
    const cityCentre = await venue(`${CITY.code}.center`, CITY.centre, "COMPREHENSIVE_CENTER", city.id);
    const departments = [];
    for (const d of DEPARTMENTS) {
      const u = await unit(`${CITY.code}.${d.code}`, d.name, "DEPARTMENT", city.id);
      departments.push({
        spec: d,
        unit: u,
        centre: await venue(`${CITY.code}.${d.code}.center`, d.centre, "PROFESSIONAL_SUBCENTER", u.id),
      });
    }
    const districts = [];
    for (const d of DISTRICTS) {
      const u = await unit(`${CITY.code}.${d.code}`, d.name, "DISTRICT", city.id);
      const centre = await venue(`${CITY.code}.${d.code}.center`, d.centre, "COMPREHENSIVE_CENTER", u.id);
      const subcentres = [];
      for (const s of d.subcentres)
        subcentres.push(await venue(`${CITY.code}.${d.code}.${s.code}`, s.name, "PROFESSIONAL_SUBCENTER", u.id));
      const townships = [];
      for (const [i, name] of d.townships.entries()) {
        const code = `${CITY.code}.${d.code}.t${String(i + 1).padStart(2, "0")}`;
        const t = await unit(code, name, "TOWNSHIP", u.id);
        townships.push({
          unit: t,
          centre: await venue(`${code}.center`, `${name}便民服务中心`, "CONVENIENCE_CENTER", t.id),
        });
      }
      districts.push({ spec: d, unit: u, centre, subcentres, townships });
    }
    o.log(`units and centres: ${Date.now() - started} ms`);

    const campaign = await services.campaigns.create(admin, {
      year: 2024,
      name: "2024年全市政务服务中心、便民服务中心(站)标准化建设考核评价",
    });
    const deadlines = halfWayDeadlines(now);
    await services.campaigns.update(admin, campaign.id, deadlines);
    const camp: Campaign = { id: campaign.id, year: 2024, deadlines };

    // Villages, stations, users and the campaign's work: multi-row INSERTs with ids handed out here.
    const conn = await connect(o.databaseUrl);
    const ids = await Ids.load(conn);
    const sink = new MysqlSink(conn, 1000);
    const book = new Workbook(sink, ids);
    const created = ago(now, 90);
    const logins = new Map<Role, string[]>(ROLES.map((r) => [r, []]));
    const user = (username: string, name: string, role: Role, unitId: number | null, venueId: number | null = null) => {
      const id = ids.take("user");
      sink.push("user", [id, username, name, hashes[role], role, unitId, venueId, 1, created]);
      logins.get(role)!.push(username);
      return id;
    };
    // Usernames drop the city's prefix ("tiedong.t01.v03.staff"), except the city centre's own ("anshan.center.staff").
    const staff = (code: string, name: string, unitId: number, venueId: number) =>
      user(
        `${code === `${CITY.code}.center` ? code : code.slice(CITY.code.length + 1)}.staff`,
        `${name}窗口负责人`,
        "VENUE_STAFF",
        unitId,
        venueId,
      );

    logins.get("CITY_ADMIN")!.push("anshan.admin");
    const assessors = [
      user("anshan.assessor1", "市营商局考核员（王）", "ASSESSOR", city.id),
      user("anshan.assessor2", "市营商局考核员（李）", "ASSESSOR", city.id),
    ];
    const casts: (VenueCast & { centre: boolean })[] = [];
    const sheets = new SheetMaker(rubrics.byYear(2024));
    const rubricOf = (t: VenueType) => rubrics.forVenue(2024, t)!;
    const cast = (
      v: { id: number; name: string; type: string; code: string; community?: boolean },
      unit: { id: number; name: string },
      people: Omit<
        VenueCast,
        "venueId" | "type" | "unitId" | "rubric" | "staffId" | "venueName" | "unitName" | "cityAdminId" | "community"
      >,
    ) => {
      const type = v.type as VenueType;
      const c = {
        ...people,
        venueId: v.id,
        type,
        unitId: unit.id,
        rubric: rubricOf(type),
        staffId: staff(v.code, v.name, unit.id, v.id),
        venueName: v.name,
        unitName: unit.name,
        cityAdminId: adminId,
        community: v.community ?? false,
        centre: type === "COMPREHENSIVE_CENTER" || type === "PROFESSIONAL_SUBCENTER",
      };
      casts.push(c);
      return c;
    };
    const showcaseCast = cast(cityCentre, city, {
      managerId: adminId,
      assessmentAssignerId: adminId,
      assessorId: assessors[0]!,
      countyManagerIds: cityAdminIds,
    });
    const reports: { unitId: number; managerId: number }[] = [];
    for (const [i, d] of departments.entries()) {
      const manager = user(`${d.spec.code}.manager`, `${d.spec.name}政务服务管理员`, "UNIT_MANAGER", d.unit.id);
      reports.push({ unitId: d.unit.id, managerId: manager });
      cast(d.centre, d.unit, {
        managerId: manager,
        assessmentAssignerId: adminId,
        assessorId: assessors[i % 2]!,
        countyManagerIds: [manager],
      });
    }
    let stations = 0;
    for (const [i, d] of districts.entries()) {
      const manager = user(`${d.spec.code}.manager`, `${d.spec.name}营商局管理员`, "UNIT_MANAGER", d.unit.id);
      const assessor = user(`${d.spec.code}.assessor`, `${d.spec.name}营商局考核员`, "ASSESSOR", d.unit.id);
      reports.push({ unitId: d.unit.id, managerId: manager });
      const local = {
        managerId: manager,
        assessmentAssignerId: manager,
        assessorId: assessor,
        countyManagerIds: [manager],
      };
      cast(d.centre, d.unit, { ...local, assessmentAssignerId: adminId, assessorId: assessors[i % 2]! });
      for (const s of d.subcentres) cast(s, d.unit, local);
      for (const t of d.townships) {
        cast(t.centre, t.unit, local);
        const count = Math.floor(11 + rng.next() * 1.27 + 0.5);
        for (const [k, name] of villageNames(rng, t.unit.name, count).entries()) {
          const code = `${t.unit.code}.v${String(k + 1).padStart(2, "0")}`;
          const vid = ids.take("unit");
          sink.push("unit", [vid, code, name, "VILLAGE", t.unit.id, `${t.unit.path}${vid}/`, 1, created, created]);
          const sid = ids.take("venue");
          const stationName = `${name}便民服务站`;
          // A 社区's station (in a 街道) or a 村's: annex 4 limits I13 R2 (AB岗) to 社区 stations.
          const community = name.endsWith("社区");
          sink.push("venue", [
            sid,
            `${code}.station`,
            stationName,
            "CONVENIENCE_STATION",
            vid,
            1,
            community ? 1 : 0,
            created,
            created,
          ]);
          cast({ id: sid, name: stationName, type: "CONVENIENCE_STATION", code, community }, { id: vid, name }, local);
          stations++;
        }
      }
    }

    // The campaign so far, for every venue but the showcase (the city centre), which goes through the services below.
    const halfWay: HalfWay = {
      now,
      campaign: camp,
      cityAdminIds,
      selfCheckAssigned: ago(now, 70),
      centreAssessmentAssigned: ago(now, 40),
      convenienceAssessmentAssigned: ago(now, 25),
    };
    const bulk = casts.filter((c) => c !== showcaseCast);
    const inspected = new Set(rng.sample(bulk, 50));
    // A few rectifications overdue by chosen spans, so that every escalation level shows from the first minute.
    const overdue = new Map(
      rng
        .sample(
          bulk.filter((c) => c.type !== "CONVENIENCE_STATION"),
          8,
        )
        .map((c, i) => [c, [3, 8, 20 * 60, 30 * 60, 50 * 60, 80 * 60, 120 * 60, 240 * 60][i]! * 60_000]),
    );
    for (const c of bulk) {
      demoVenue(book, sheets, rng, halfWay, c, { inspect: inspected.has(c), overdueBy: overdue.get(c) });
      await sink.settle();
    }
    for (const r of reports) {
      const assignedAt = ago(now, 20);
      const status = rng.weighted({ ASSIGNED: 9, IN_PROGRESS: 4, SUBMITTED: 3 });
      book.task({
        campaignId: camp.id,
        kind: "ANNUAL_REPORT",
        status,
        venueId: null,
        unitId: r.unitId,
        assigneeId: r.managerId,
        assignedById: adminId,
        assignedAt,
        dueAt: deadlines.annualReportDue,
        times: timesFor(rng, status, assignedAt, ago(now, 1), false),
        report:
          status === "SUBMITTED"
            ? "2024年本地区政务服务中心（分中心）、便民服务中心（站）标准化建设年度工作报告：自检评估全部完成，统一考核推进中，明察暗访问题均已建立台账。"
            : null,
      });
    }
    await sink.close();
    await conn.end();
    o.log(
      `villages, stations, users and work: ${Date.now() - started} ms (${stations} stations, ${sink.counts.task} tasks)`,
    );

    await showcase({
      services,
      ds,
      now,
      setTime: (t) => (time = t),
      campaignId: camp.id,
      admin,
      venue: showcaseCast,
      assessorId: assessors[0]!,
    });
    time = now;
    const apiToken = await services.auth.createApiToken(admin, "鞍山市一体化政务服务平台（演示）");
    await ds.query("UPDATE unit SET created_at = ?, updated_at = ? WHERE path LIKE ?", [
      created,
      created,
      `${city.path}%`,
    ]);
    await ds.query(
      "UPDATE venue v JOIN unit u ON u.id = v.unit_id SET v.created_at = ?, v.updated_at = ? WHERE u.path LIKE ?",
      [created, created, `${city.path}%`],
    );
    await ds.query("UPDATE user SET created_at = ? WHERE id = ?", [created, adminId]);
    await ds.query("UPDATE unit SET code = ? WHERE id = ?", [CITY.code, city.id]);
    const [tasks] = await ds.query("SELECT COUNT(*) AS n FROM task WHERE campaign_id = ?", [camp.id]);
    const [problems] = await ds.query("SELECT COUNT(*) AS n FROM problem WHERE campaign_id = ?", [camp.id]);
    const counts = {
      districts: districts.length,
      departments: departments.length,
      townships: districts.reduce((n, d) => n + d.townships.length, 0),
      villages: stations,
      venues: casts.length,
      users: [...logins.values()].reduce((n, l) => n + l.length, 0) + 1,
      tasks: Number(tasks.n),
      problems: Number(problems.n),
    };
    return {
      logins: ROLES.map((role) => ({ role, usernames: logins.get(role)!, password: passwords[role] })),
      apiToken,
      counts,
      ms: Date.now() - started,
    };
  } finally {
    await services.producer.close().catch(() => {});
  }
}
