import { openDatabase } from "@assess/data";
import { DEFAULT_POLICY, planDeadlines, type Rubric, type VenueType } from "@assess/domain";
import { loadRubrics } from "@assess/rubrics";
import type { Connection } from "mysql2/promise";
import { hashPassword } from "../../../apps/api/dist/auth/passwords";
import { Ids, MysqlSink, connect, type RowSink, type Table } from "../lib/bulk";
import { silentProgress, type ProgressSink } from "../lib/progress";
import { Rng, readablePassword } from "../lib/random";
import { SheetMaker } from "../lib/sheets";
import { Workbook, timesFor } from "../lib/work";
import { DEFAULT_SHAPE, DEPARTMENTS, DISTRICT_NAMES, cityName, type ProvinceShape } from "./province";
import { FULL_YEAR, venueYear, type Campaign, type VenueCast, type YearOptions } from "./year";

export interface SeedScaleOptions {
  /** The database to fill; created and migrated when missing. Rows are added beside whatever is there. */
  databaseUrl: string;
  venues: number;
  /** The same seed gives the same data (given the same starting ids). */
  seed?: number;
  progress?: ProgressSink;
  /** Where rows go; by default multi-row INSERTs into the database. */
  sink?: RowSink;
  batchRows?: number;
  /** Password of the generated city admin and of every generated user; random when absent. */
  password?: string;
  shape?: ProvinceShape;
  year?: YearOptions;
}

export interface SeedScaleResult {
  venues: number;
  rows: number;
  counts: Record<Table, number>;
  ms: number;
  campaignId: number;
  admin: { id: number; username: string; password: string };
  /** Prefix of every generated code and username of this run. */
  tag: string;
}

const CAMPAIGN_YEAR = 2024;
const CREATED = new Date(Date.UTC(CAMPAIGN_YEAR, 0, 5, 1));

/** The 2024 campaign, created with the plan's deadlines when there is none yet. */
export async function ensureCampaign(conn: Connection, year = CAMPAIGN_YEAR): Promise<Campaign> {
  const deadlines = planDeadlines(year);
  const find = async () => {
    const [rows] = await conn.query(
      "SELECT id, self_check_due, unified_assessment_due, convenience_assessment_due, recheck_due, annual_report_due, rectification_days FROM campaign WHERE year = ?",
      [year],
    );
    return (rows as Record<string, unknown>[])[0];
  };
  let row = await find();
  if (!row) {
    await conn.query(
      `INSERT IGNORE INTO campaign (year, name, self_check_due, unified_assessment_due, convenience_assessment_due, recheck_due, annual_report_due, rectification_days, evaluation_policy, version, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?)`,
      [
        year,
        `${year}年政务服务中心、便民服务中心(站)标准化建设考核评价`,
        deadlines.selfCheckDue,
        deadlines.unifiedAssessmentDue,
        deadlines.convenienceAssessmentDue,
        deadlines.recheckDue,
        deadlines.annualReportDue,
        deadlines.rectificationDays,
        JSON.stringify(DEFAULT_POLICY),
        CREATED,
      ],
    );
    row = await find();
  }
  return {
    id: Number(row!.id),
    year,
    deadlines: {
      selfCheckDue: row!.self_check_due as Date,
      unifiedAssessmentDue: row!.unified_assessment_due as Date,
      convenienceAssessmentDue: row!.convenience_assessment_due as Date,
      recheckDue: row!.recheck_due as Date,
      annualReportDue: row!.annual_report_due as Date,
      rectificationDays: Number(row!.rectification_days),
    },
  };
}

/**
 * `npm run seed:scale`: a province (or a country) with a whole year of work, written with multi-row INSERTs.
 * Ids are handed out here (from MAX(id) + 1), so nothing else may write to the database meanwhile.
 */
export async function seedScale(options: SeedScaleOptions): Promise<SeedScaleResult> {
  const started = Date.now();
  const shape = options.shape ?? DEFAULT_SHAPE;
  const progress = options.progress ?? silentProgress;
  const rng = new Rng(options.seed ?? 2024);
  const catalog = loadRubrics();
  const rubricOf = new Map<VenueType, Rubric>(catalog.byYear(CAMPAIGN_YEAR).map((r) => [r.venueType, r]));
  const sheets = new SheetMaker(catalog.byYear(CAMPAIGN_YEAR));

  const ds = await openDatabase(options.databaseUrl, { poolSize: 1 });
  await ds.destroy();
  const conn = await connect(options.databaseUrl);
  try {
    const ids = await Ids.load(conn);
    const campaign = await ensureCampaign(conn);
    const sink = options.sink ?? new MysqlSink(conn, options.batchRows ?? 2000);
    const book = new Workbook(sink, ids);
    const password = options.password ?? readablePassword();
    const hash = await hashPassword(password, 10);
    const tag = `scale${ids.peek("unit")}`;

    const user = (
      username: string,
      name: string,
      role: string,
      unitId: number | null,
      venueId: number | null = null,
    ) => {
      const id = ids.take("user");
      sink.push("user", [id, username, name, hash, role, unitId, venueId, 1, CREATED]);
      return id;
    };
    const unit = (code: string, name: string, kind: string, parent: { id: number; path: string } | null) => {
      const id = ids.take("unit");
      const path = `${parent?.path ?? "/"}${id}/`;
      sink.push("unit", [id, code, name, kind, parent?.id ?? null, path, 1, CREATED, CREATED]);
      return { id, path, code, name };
    };
    const annualReport = (unitId: number, managerId: number) => {
      const assignedAt = new Date(Date.UTC(CAMPAIGN_YEAR, 8, 1, 2));
      book.task({
        campaignId: campaign.id,
        kind: "ANNUAL_REPORT",
        status: "COMPLETED",
        venueId: null,
        unitId,
        assigneeId: managerId,
        assignedById: adminId,
        assignedAt,
        dueAt: campaign.deadlines.annualReportDue,
        times: timesFor(rng, "COMPLETED", assignedAt, campaign.deadlines.annualReportDue, false),
        report:
          "本地区政务服务中心（分中心）、便民服务中心（站）标准化建设年度工作报告：自检评估、统一考核、明察暗访及问题整改情况。",
      });
    };

    const adminId = user(`${tag}.admin`, "省级样本数据管理员", "CITY_ADMIN", null);
    let made = 0;
    const venue = async (
      parent: { id: number; code: string; name: string },
      suffix: string,
      name: string,
      type: VenueType,
      people: Omit<VenueCast, "venueId" | "type" | "unitId" | "rubric" | "staffId" | "venueName" | "unitName">,
    ) => {
      const id = ids.take("venue");
      // Every generated village is a 村 (…第N村), so its station is not a 社区's.
      sink.push("venue", [id, `${parent.code}.${suffix}`, name, type, parent.id, 1, 0, CREATED, CREATED]);
      const staffId = user(`${tag}.staff${id}`, `${name}工作人员`, "VENUE_STAFF", parent.id, id);
      venueYear(
        book,
        sheets,
        rng,
        campaign,
        {
          ...people,
          venueId: id,
          type,
          unitId: parent.id,
          rubric: rubricOf.get(type)!,
          staffId,
          venueName: name,
          unitName: parent.name,
        },
        options.year ?? FULL_YEAR,
      );
      made++;
      if (made % 64 === 0) {
        await sink.settle();
        progress.update(made, `${rowsOf(sink).toLocaleString("en-US")} rows`);
      }
    };
    const full = () => made >= options.venues;

    for (let c = 0; !full(); c++) {
      const city = unit(`${tag}.c${c + 1}`, cityName(c), "CITY", null);
      const cityAssessor = user(`${tag}.c${c + 1}.assessor`, `${city.name}营商局考核员`, "ASSESSOR", city.id);
      const cityWide = { cityAdminId: adminId, assessmentAssignerId: adminId, assessorId: cityAssessor };
      await venue(city, "cc", `${city.name}政务服务中心`, "COMPREHENSIVE_CENTER", {
        ...cityWide,
        managerId: adminId,
        countyManagerIds: [adminId],
      });
      for (let k = 0; k < shape.departments && !full(); k++) {
        const dep = DEPARTMENTS[k % DEPARTMENTS.length]!;
        const department = unit(`${city.code}.dep${k + 1}`, `${city.name}${dep.name}`, "DEPARTMENT", city);
        const manager = user(
          `${tag}.u${department.id}.manager`,
          `${department.name}管理员`,
          "UNIT_MANAGER",
          department.id,
        );
        annualReport(department.id, manager);
        await venue(department, "sc", `${city.name}${dep.centre}`, "PROFESSIONAL_SUBCENTER", {
          ...cityWide,
          managerId: manager,
          countyManagerIds: [manager],
        });
      }
      for (let di = 0; di < shape.districts && !full(); di++) {
        const district = unit(
          `${city.code}.d${di + 1}`,
          `${city.name}${DISTRICT_NAMES[di % DISTRICT_NAMES.length]}`,
          "DISTRICT",
          city,
        );
        const manager = user(
          `${tag}.u${district.id}.manager`,
          `${district.name}营商局管理员`,
          "UNIT_MANAGER",
          district.id,
        );
        const assessor = user(`${tag}.u${district.id}.assessor`, `${district.name}考核员`, "ASSESSOR", district.id);
        annualReport(district.id, manager);
        const local = {
          cityAdminId: adminId,
          managerId: manager,
          assessmentAssignerId: manager,
          assessorId: assessor,
          countyManagerIds: [manager],
        };
        await venue(district, "cc", `${district.name}政务服务中心`, "COMPREHENSIVE_CENTER", {
          ...local,
          assessmentAssignerId: adminId,
          assessorId: cityAssessor,
        });
        if (!full()) await venue(district, "sc", `${district.name}不动产登记分中心`, "PROFESSIONAL_SUBCENTER", local);
        for (let t = 0; t < shape.townships && !full(); t++) {
          const township = unit(`${district.code}.t${t + 1}`, `${district.name}第${t + 1}镇`, "TOWNSHIP", district);
          await venue(township, "bc", `${township.name}便民服务中心`, "CONVENIENCE_CENTER", local);
          for (let vi = 0; vi < shape.villages && !full(); vi++) {
            const village = unit(`${township.code}.v${vi + 1}`, `${township.name}第${vi + 1}村`, "VILLAGE", township);
            await venue(village, "bs", `${village.name}便民服务站`, "CONVENIENCE_STATION", local);
          }
        }
      }
    }
    await sink.close();
    const rows = rowsOf(sink);
    progress.finish(`${rows.toLocaleString("en-US")} rows`);
    return {
      venues: made,
      rows,
      counts: { ...sink.counts },
      ms: Date.now() - started,
      campaignId: campaign.id,
      admin: { id: adminId, username: `${tag}.admin`, password },
      tag,
    };
  } finally {
    await conn.end();
  }
}

const rowsOf = (sink: RowSink) => Object.values(sink.counts).reduce((s, n) => s + n, 0);
