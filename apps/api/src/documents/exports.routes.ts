import { DomainError, notFound, type ProblemStatus } from "@assess/domain";
import { Router, type Request, type Response } from "express";
import { parseId } from "../common/ids";
import type { Principal } from "../common/principal";
import { evaluationWorkbook } from "../evaluation/evaluation-export";
import type { Services } from "../services";
import { bulletinDocx, bulletinTitle } from "./bulletin-docx";
import { DOCX, XLSX, attachment } from "./print";
import { problemsXlsx } from "./problems-xlsx";
import { sheetDocx, sheetTitle } from "./sheet-docx";
import { summaryXlsx } from "./summary-xlsx";

/**
 * The documents people print and send (bearer token; whoever may read the data behind them):
 * - GET /exports/tasks/<taskId>/sheet.docx: a scoring task's 评分表;
 * - GET /exports/problems/<campaignId>.xlsx[?unitId=&status=]: the 问题清单;
 * - GET /exports/summary/<campaignId>.xlsx?unitId=: a unit's 汇总评分表;
 * - GET /exports/evaluation/<campaignId>.xlsx[?jobRunId=]: the annual evaluation's ranking;
 * - GET /exports/evaluation/<campaignId>/bulletin.docx: its 通报.
 * A document that does not exist yet is 404 with a sentence saying why.
 */
export function exportRouter(services: Services, principalOf: (req: Request) => Promise<Principal | null>): Router {
  const router = Router();
  const signedIn = async (req: Request) => {
    const p = await principalOf(req);
    if (!p) throw new DomainError("UNAUTHENTICATED", "sign in first: send Authorization: Bearer <token>");
    return p;
  };
  const query = (req: Request, name: string) =>
    typeof req.query[name] === "string" && req.query[name] !== "" ? String(req.query[name]) : null;
  const idParam = (req: Request, name: string) => {
    const v = query(req, name);
    return v === null ? null : parseId(v, name);
  };
  const send = (res: Response, type: string, ascii: string, name: string, body: Buffer) =>
    res
      .status(200)
      .set({
        "content-type": type,
        "content-disposition": attachment(ascii, name),
        "cache-control": "private, no-store",
      })
      .send(body);
  /** "12.xlsx" → 12; anything else is not a document here. */
  const fileId = (file: string, ext: string, what: string) => {
    const m = new RegExp(`^(\\d+)\\.${ext}$`).exec(file);
    if (!m) throw notFound("export", file);
    return parseId(m[1]!, what);
  };

  router.get("/tasks/:taskId/sheet.docx", async (req, res) => {
    const p = await signedIn(req);
    const facts = await services.documents.sheet(p, parseId(String(req.params.taskId), "taskId"));
    send(
      res,
      DOCX,
      `sheet-${facts.taskId}.docx`,
      `${facts.venueName}${sheetTitle(facts.rubric).replace(/^\d+年/, "")}.docx`,
      await sheetDocx(facts),
    );
  });

  router.get("/problems/:file", async (req, res) => {
    const p = await signedIn(req);
    const campaignId = fileId(String(req.params.file), "xlsx", "campaignId");
    const status = query(req, "status");
    const { campaign, unitName, rows } = await services.documents.problems(p, campaignId, {
      unitId: idParam(req, "unitId"),
      status,
    });
    const body = await problemsXlsx(campaign, unitName, status as ProblemStatus | null, rows, services.clock());
    send(
      res,
      XLSX,
      `problems-${campaignId}.xlsx`,
      `${campaign.year}年度问题清单${unitName ? `（${unitName}）` : ""}.xlsx`,
      body,
    );
  });

  router.get("/summary/:file", async (req, res) => {
    const p = await signedIn(req);
    const campaignId = fileId(String(req.params.file), "xlsx", "campaignId");
    const facts = await services.documents.summary(p, campaignId, idParam(req, "unitId"));
    send(
      res,
      XLSX,
      `summary-${campaignId}.xlsx`,
      `${facts.campaign.year}年度汇总评分表（${facts.unitName}）.xlsx`,
      await summaryXlsx(facts, services.clock()),
    );
  });

  router.get("/evaluation/:campaignId/bulletin.docx", async (req, res) => {
    const p = await signedIn(req);
    const facts = await services.documents.bulletin(p, parseId(String(req.params.campaignId), "campaignId"));
    send(
      res,
      DOCX,
      `bulletin-${facts.campaign.id}.docx`,
      `${bulletinTitle(facts.campaign)}.docx`,
      await bulletinDocx(facts, services.clock()),
    );
  });

  router.get("/evaluation/:file", async (req, res) => {
    const p = await signedIn(req);
    const campaignId = fileId(String(req.params.file), "xlsx", "campaignId");
    const jobRunId = idParam(req, "jobRunId");
    const run = await services.evaluations.latest(p, campaignId, jobRunId);
    if (!run) throw new DomainError("NOT_FOUND", await services.evaluations.whyNoRun(campaignId, jobRunId));
    const campaign = await services.campaigns.get(campaignId);
    const body = await evaluationWorkbook(campaign.name, run, await services.evaluations.entries(p, run.id));
    send(res, XLSX, `evaluation-${campaignId}.xlsx`, `${campaign.year}年度综合评价.xlsx`, body);
  });
  return router;
}
