import { CampaignEntity, JobRunEntity } from "@assess/data";
import { forbidden, notFound, parsePolicy } from "@assess/domain";
import {
  ANNUAL_EVALUATION_JOB,
  ESCALATION_JOB,
  JobProducer,
  QueueUnavailableError,
  type JobDefinition,
  type PayloadInput,
} from "@assess/jobs";
import type { DataSource } from "typeorm";
import { requireVisible } from "../access/visible";
import type { Principal } from "../common/principal";

/**
 * Requests for background jobs. The job_run row is the record the API answers from; the worker moves it along.
 * When Redis is down the request is not queued: the row ends FAILED at once with a reason that says so.
 */
export class JobRunService {
  constructor(
    private readonly ds: DataSource,
    private readonly producer: JobProducer,
    private readonly clock: () => Date,
  ) {}

  /** A run, if the principal may see it (the access module's rule); to others it does not exist. */
  async get(p: Principal, id: number): Promise<JobRunEntity> {
    await requireVisible(this.ds, p, "jobRun", id);
    const run = await this.ds.getRepository(JobRunEntity).findOneBy({ id });
    if (!run) throw notFound("job run", id);
    return run;
  }

  async triggerEscalation(p: Principal): Promise<JobRunEntity> {
    if (p.role !== "CITY_ADMIN") throw forbidden("only the city admin triggers the escalation");
    return this.request(p, ESCALATION_JOB, {});
  }

  /** The policy and the "as of" instant are fixed now, so that the run computes what was asked even if the policy changes meanwhile. */
  async requestAnnualEvaluation(p: Principal, campaignId: number): Promise<JobRunEntity> {
    if (p.role !== "CITY_ADMIN") throw forbidden("only the city admin requests the annual evaluation");
    const campaign = await this.ds.getRepository(CampaignEntity).findOneBy({ id: campaignId });
    if (!campaign) throw notFound("campaign", campaignId);
    return this.request(p, ANNUAL_EVALUATION_JOB, {
      campaignId,
      asOf: this.clock().toISOString(),
      policy: parsePolicy(campaign.evaluationPolicy),
    });
  }

  private async request<D extends JobDefinition>(
    p: Principal,
    job: D,
    payload: Omit<PayloadInput<D>, "jobRunId">,
  ): Promise<JobRunEntity> {
    const repo = this.ds.getRepository(JobRunEntity);
    const run = await repo.save(
      repo.create({
        name: job.name,
        state: "QUEUED",
        payload,
        requestedById: p.userId,
        attempts: 0,
        createdAt: this.clock(),
      }),
    );
    try {
      await this.producer.enqueue(job, { ...payload, jobRunId: run.id } as PayloadInput<D>, {
        jobId: `${job.name}.${run.id}`,
      });
    } catch (e) {
      const reason =
        e instanceof QueueUnavailableError ? `not queued: ${e.message}` : `not queued: ${(e as Error).message}`;
      await repo.update({ id: run.id }, { state: "FAILED", failedReason: reason, finishedAt: this.clock() });
      if (!(e instanceof QueueUnavailableError)) throw e;
    }
    return repo.findOneByOrFail({ id: run.id });
  }
}
