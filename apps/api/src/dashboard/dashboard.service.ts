import { CampaignEntity } from "@assess/data";
import {
  DEADLINE_KEYS,
  DomainError,
  TASK_KINDS,
  VENUE_TYPES,
  daysLeft,
  pathIds,
  type TaskKind,
  type TaskStatus,
  type VenueType,
} from "@assess/domain";
import type { DataSource } from "typeorm";
import type { Principal } from "../common/principal";
import type { EvaluationService } from "../evaluation/evaluation.service";
import { coverageOf, dashboardStatements } from "./dashboard.sql";
import type { Counts, DashboardType, PhaseProgressType, UnitProgressType, VenueTypeScoreType } from "./dashboard.types";

const COUNT_OF: Record<TaskStatus, keyof Counts> = {
  ASSIGNED: "assigned",
  IN_PROGRESS: "inProgress",
  SUBMITTED: "submitted",
  RETURNED: "returned",
  COMPLETED: "completed",
  CANCELLED: "cancelled",
};

const ESCALATION_LEVELS = [0, 1, 2];

const zero = (): Counts => ({
  total: 0,
  assigned: 0,
  inProgress: 0,
  submitted: 0,
  returned: 0,
  completed: 0,
  cancelled: 0,
  overdue: 0,
});
const kindOrder = (k: string) => TASK_KINDS.indexOf(k as TaskKind);
const orNull = (v: unknown) => (v === null || v === undefined ? null : Number(v));

/** Paths compared id by id, so that /1/7/ comes before /1/10/ and a unit before the units below it. */
function byPath(a: number[], b: number[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}

interface TaskRow {
  row_path: string | null;
  kind: TaskKind;
  status: TaskStatus;
  level: number;
  n: number | string;
  overdue: number | string | null;
}

interface ScoreRow {
  type: VenueType;
  venues: number | string;
  assessed: number | string;
  average: string | number | null;
  min: string | number | null;
  max: string | number | null;
  self_check_average: string | number | null;
}

/**
 * The dashboard of a campaign over what the principal may see (the scope rules of common/scope.ts): a fixed number of
 * grouped statements whatever the size of the data — the campaign, the tasks, the scores and the evaluation.
 */
export class DashboardService {
  constructor(
    private readonly ds: DataSource,
    private readonly evaluations: EvaluationService,
    private readonly clock: () => Date,
  ) {}

  async dashboard(p: Principal, campaignId: number): Promise<DashboardType> {
    const campaign = await this.ds.getRepository(CampaignEntity).findOneBy({ id: campaignId });
    if (!campaign) throw new DomainError("NOT_FOUND", `campaignId: campaign ${campaignId} not found`, "campaignId");
    const now = this.clock();
    const q = dashboardStatements(p, campaignId, now);
    const [tasks, scores, evaluation] = await Promise.all([
      this.ds.query(q.tasks.sql, q.tasks.params) as Promise<TaskRow[]>,
      this.ds.query(q.scores.sql, q.scores.params) as Promise<ScoreRow[]>,
      this.evaluations.latestIfReadable(p, campaignId),
    ]);
    const coverage = coverageOf(p);
    return {
      campaign,
      scopeUnitId: coverage.path === null ? null : pathIds(coverage.path).at(-1)!,
      deadlines: DEADLINE_KEYS.map((key) => ({ key, dueAt: campaign[key], daysLeft: daysLeft(now, campaign[key]) })),
      ...progress(tasks, coverage.byUnit),
      scores: VENUE_TYPES.map((venueType) =>
        typeScore(
          venueType,
          scores.find((r) => r.type === venueType),
        ),
      ),
      evaluation,
    };
  }
}

/** Phases, rows per unit and escalations, summed from the grouped task rows. */
function progress(rows: TaskRow[], byUnit: boolean): Pick<DashboardType, "phases" | "units" | "escalations"> {
  const phases = new Map<TaskKind, PhaseProgressType>();
  const units = new Map<string, UnitProgressType & { path: number[] }>();
  const escalations = new Map(ESCALATION_LEVELS.map((level) => [level, 0]));
  for (const r of rows) {
    const n = Number(r.n);
    const overdue = Number(r.overdue ?? 0);
    const add = (c: Counts) => {
      c.total += n;
      c[COUNT_OF[r.status]] += n;
      c.overdue += overdue;
    };
    let phase = phases.get(r.kind);
    if (!phase) phases.set(r.kind, (phase = { kind: r.kind, ...zero() }));
    add(phase);
    if (byUnit && r.row_path !== null) {
      const path = pathIds(r.row_path);
      const key = `${path.join("/")}:${r.kind}`;
      let unit = units.get(key);
      if (!unit) units.set(key, (unit = { unitId: path.at(-1)!, kind: r.kind, path, ...zero() }));
      add(unit);
    }
    if (r.kind === "RECTIFICATION" && escalations.has(Number(r.level)))
      escalations.set(Number(r.level), escalations.get(Number(r.level))! + overdue);
  }
  return {
    phases: [...phases.values()].sort((a, b) => kindOrder(a.kind) - kindOrder(b.kind)),
    units: [...units.values()]
      .sort((a, b) => byPath(a.path, b.path) || kindOrder(a.kind) - kindOrder(b.kind))
      .map(({ path: _path, ...row }) => row),
    escalations: ESCALATION_LEVELS.map((level) => ({ level, count: escalations.get(level)! })),
  };
}

function typeScore(venueType: VenueType, r: ScoreRow | undefined): VenueTypeScoreType {
  return {
    venueType,
    venues: Number(r?.venues ?? 0),
    assessed: Number(r?.assessed ?? 0),
    average: orNull(r?.average),
    min: orNull(r?.min),
    max: orNull(r?.max),
    selfCheckAverage: orNull(r?.self_check_average),
  };
}
