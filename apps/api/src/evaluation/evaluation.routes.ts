import { DomainError, notFound } from "@assess/domain";
import { Router, type Request } from "express";
import { parseId } from "../common/ids";
import type { Principal } from "../common/principal";
import type { Services } from "../services";
import { evaluationWorkbook } from "./evaluation-export";

/**
 * GET /exports/evaluation/<campaignId>.xlsx (bearer token): the latest annual evaluation as a spreadsheet, with the
 * entries the caller may read through `annualEvaluation`; `?jobRunId=` picks another stored run.
 */
export function exportRouter(services: Services, principalOf: (req: Request) => Promise<Principal | null>): Router {
  const router = Router();
  router.get("/evaluation/:file", async (req, res) => {
    const p = await principalOf(req);
    if (!p) throw new DomainError("UNAUTHENTICATED", "sign in first: send Authorization: Bearer <token>");
    const m = /^(\d+)\.xlsx$/.exec(String(req.params.file));
    if (!m) throw notFound("export", String(req.params.file));
    const campaignId = parseId(m[1]!, "campaignId");
    const jobRunId = typeof req.query.jobRunId === "string" ? parseId(req.query.jobRunId, "jobRunId") : null;
    const run = await services.evaluations.latest(p, campaignId, jobRunId);
    if (!run) throw new DomainError("NOT_FOUND", `campaign ${campaignId} has no annual evaluation yet`);
    const campaign = await services.campaigns.get(campaignId);
    const body = await evaluationWorkbook(campaign.name, run, await services.evaluations.entries(p, run.id));
    const name = `${campaign.year}年度综合评价.xlsx`;
    res
      .status(200)
      .set({
        "content-type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "content-disposition": `attachment; filename="evaluation-${campaignId}.xlsx"; filename*=UTF-8''${encodeURIComponent(name)}`,
        "cache-control": "private, no-store",
      })
      .send(body);
  });
  return router;
}
