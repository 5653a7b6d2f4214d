import { CampaignEntity } from "@assess/data";
import {
  DEADLINE_KEYS,
  DEFAULT_POLICY,
  DeadlineKey,
  DomainError,
  badInput,
  conflict,
  forbidden,
  notFound,
  parsePolicy,
  planDeadlines,
} from "@assess/domain";
import type { RubricCatalog } from "@assess/rubrics";
import type { DataSource } from "typeorm";
import { inTransaction } from "../common/transaction";
import { text } from "../common/ids";
import type { Principal } from "../common/principal";

export interface UpdateCampaign extends Partial<Record<DeadlineKey, Date | null>> {
  name?: string | null;
  rectificationDays?: number | null;
  expectedVersion?: number | null;
}

/** Campaigns: one a year, with that year's rubrics and the plan's deadlines as defaults. */
export class CampaignService {
  constructor(
    private readonly ds: DataSource,
    private readonly rubrics: RubricCatalog,
  ) {}

  async get(id: number): Promise<CampaignEntity> {
    const c = await this.ds.getRepository(CampaignEntity).findOneBy({ id });
    if (!c) throw notFound("campaign", id);
    return c;
  }

  list(): Promise<CampaignEntity[]> {
    return this.ds.getRepository(CampaignEntity).find({ order: { year: "DESC" } });
  }

  async create(p: Principal, input: { year: number; name: string }): Promise<CampaignEntity> {
    if (p.role !== "CITY_ADMIN") throw forbidden("only the city admin creates campaigns");
    if (!Number.isInteger(input.year) || input.year < 2000 || input.year > 2100)
      throw badInput("year", `${input.year} is not a plausible year`);
    const name = text(input.name, "name");
    if (this.rubrics.byYear(input.year).length === 0) {
      throw badInput(
        "year",
        `there are no rubrics for ${input.year} (have: ${this.rubrics.years().join(", ")}); add rubrics/${input.year}/ first`,
      );
    }
    const repo = this.ds.getRepository(CampaignEntity);
    try {
      return await repo.save(
        repo.create({ year: input.year, name, ...planDeadlines(input.year), evaluationPolicy: DEFAULT_POLICY }),
      );
    } catch (e) {
      if ((e as { code?: string }).code === "ER_DUP_ENTRY")
        throw conflict(`year: there is already a campaign for ${input.year}`, "year");
      throw e;
    }
  }

  async update(p: Principal, id: number, input: UpdateCampaign): Promise<CampaignEntity> {
    if (p.role !== "CITY_ADMIN") throw forbidden("only the city admin edits campaigns");
    const changes: Partial<CampaignEntity> = {};
    if (input.name !== undefined && input.name !== null) changes.name = text(input.name, "name");
    for (const f of DEADLINE_KEYS) {
      const v = input[f];
      if (v !== undefined && v !== null) changes[f] = v;
    }
    if (input.rectificationDays !== undefined && input.rectificationDays !== null) {
      if (!Number.isInteger(input.rectificationDays) || input.rectificationDays < 1 || input.rectificationDays > 365) {
        throw badInput("rectificationDays", "must be a whole number of days from 1 to 365");
      }
      changes.rectificationDays = input.rectificationDays;
    }
    return this.guardedUpdate(id, input.expectedVersion ?? null, changes);
  }

  async setPolicy(p: Principal, id: number, policy: unknown, expectedVersion: number | null): Promise<CampaignEntity> {
    if (p.role !== "CITY_ADMIN") throw forbidden("only the city admin sets the evaluation policy");
    return this.guardedUpdate(id, expectedVersion, { evaluationPolicy: parsePolicy(policy) });
  }

  /** UPDATE … WHERE version = ?: a stale edit is refused, never silently overwritten. */
  private async guardedUpdate(
    id: number,
    expectedVersion: number | null,
    changes: Partial<CampaignEntity>,
  ): Promise<CampaignEntity> {
    if (expectedVersion !== null && expectedVersion < 1)
      throw badInput("expectedVersion", `versions start at 1, not ${expectedVersion}`);
    return inTransaction(this.ds, async (m) => {
      const repo = m.getRepository(CampaignEntity);
      const current = await repo.findOneBy({ id });
      if (!current) throw notFound("campaign", id);
      const version = expectedVersion ?? current.version;
      if (version !== current.version)
        throw conflict(`campaign ${id} is at version ${current.version}, not ${version}`, "expectedVersion");
      const result = await repo.update({ id, version }, { ...changes, version: version + 1 } as never);
      if (!result.affected)
        throw new DomainError("CONFLICT", `campaign ${id} was changed meanwhile; reload it`, "expectedVersion");
      return repo.findOneByOrFail({ id });
    });
  }
}
