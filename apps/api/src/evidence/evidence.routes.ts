import { DomainError } from "@assess/domain";
import busboy from "busboy";
import { Request, Response, Router } from "express";
import type { Principal } from "../common/principal";
import type { Services } from "../services";
import { MAX_EVIDENCE_BYTES, evidenceUrl } from "./evidence.service";

/** The types a browser may show in place (photos); anything else is served as a download. */
const INLINE_TYPES = new Set(["image/jpeg", "image/png", "image/webp"]);

const fail = (res: Response, status: number, code: string, message: string) =>
  res.status(status).json({ code, message });

/** POST /evidence (multipart, one part named "file") and GET /evidence/:id, both with a bearer token. */
export function evidenceRouter(services: Services, principalOf: (req: Request) => Promise<Principal | null>): Router {
  const router = Router();

  router.post("/", async (req, res, next) => {
    try {
      const p = await principalOf(req);
      if (!p) return fail(res, 401, "UNAUTHENTICATED", "sign in first: send Authorization: Bearer <token>");
      if (p.role === "INTEGRATOR") return fail(res, 403, "FORBIDDEN", "this token is read-only");
      if (!/^multipart\/form-data/i.test(req.headers["content-type"] ?? "")) {
        return fail(res, 400, "BAD_USER_INPUT", "file: send multipart/form-data with one part named file");
      }
      // busboy calls a file truncated when it reaches the limit; one byte more lets exactly 20 MiB through.
      const bb = busboy({ headers: req.headers, limits: { fileSize: MAX_EVIDENCE_BYTES + 1, files: 1, fields: 10 } });
      let handled = false;
      let aborted = false;
      let upload: (NodeJS.ReadableStream & { destroy(error?: Error): void }) | null = null;
      // The client went away half-way: the file's stream fails, so the temporary file is removed and closed, and the
      // request is over (nothing is answered to nobody).
      const abort = () => {
        if (aborted || req.complete) return;
        aborted = true;
        upload?.destroy(new Error("upload aborted by the client"));
        bb.destroy();
      };
      req.on("aborted", abort);
      req.on("close", abort);
      const done = new Promise<void>((resolve) => {
        bb.on("file", (name, stream, info) => {
          if (name !== "file" || handled) {
            stream.resume();
            return;
          }
          handled = true;
          upload = stream;
          let truncated = false;
          stream.on("limit", () => (truncated = true));
          services.evidence
            .store(p, Buffer.from(info.filename ?? "file", "latin1").toString("utf8"), stream, () => truncated)
            .then((e) => {
              res.status(201).json({
                id: String(e.id),
                fileName: e.fileName,
                contentType: e.contentType,
                size: e.size,
                url: evidenceUrl(e.id),
              });
            })
            .catch((err: unknown) => {
              if (aborted) return;
              if (err instanceof DomainError) fail(res, 400, "BAD_USER_INPUT", err.message);
              else next(err);
            })
            .finally(resolve);
        });
        bb.on("close", () => {
          if (!handled && !aborted) {
            fail(res, 400, "BAD_USER_INPUT", "file: no part named file");
            resolve();
          }
        });
        bb.on("error", () => {
          if (!res.headersSent && !aborted)
            fail(res, 400, "BAD_USER_INPUT", "file: the multipart body could not be read");
          if (!handled) resolve();
        });
        // Destroyed before any file part began: nothing else will end the wait.
        bb.on("close", () => aborted && !handled && resolve());
      });
      req.pipe(bb);
      await done;
    } catch (e) {
      next(e);
    }
  });

  router.get("/:id", async (req, res, next) => {
    try {
      const p = await principalOf(req);
      if (!p) return fail(res, 401, "UNAUTHENTICATED", "sign in first: send Authorization: Bearer <token>");
      const id = /^\d{1,10}$/.test(req.params.id ?? "") ? Number(req.params.id) : NaN;
      if (!Number.isSafeInteger(id)) return fail(res, 404, "NOT_FOUND", "evidence not found");
      // Only "you may not see it" is a 404; a database error stays an error (the handler answers 500 and logs it).
      const { evidence, open } = await services.evidence.readable(p, id).catch((e: unknown) => {
        if (e instanceof DomainError && e.code === "NOT_FOUND") return { evidence: null, open: null };
        throw e;
      });
      if (!evidence || !open) return fail(res, 404, "NOT_FOUND", `evidence ${id} not found`);
      res.setHeader("Content-Type", evidence.contentType);
      res.setHeader("Content-Length", String(evidence.size));
      // Only photos are shown inline; a PDF or an office document is downloaded, never shown in this origin. Every file
      // is sandboxed should a browser render it anyway.
      const disposition = INLINE_TYPES.has(evidence.contentType) ? "inline" : "attachment";
      res.setHeader("Content-Disposition", `${disposition}; filename*=UTF-8''${encodeURIComponent(evidence.fileName)}`);
      res.setHeader(
        "Content-Security-Policy",
        "sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'",
      );
      res.setHeader("Cache-Control", "private, max-age=3600");
      res.setHeader("X-Content-Type-Options", "nosniff");
      open().on("error", next).pipe(res);
    } catch (e) {
      next(e);
    }
  });
  return router;
}
