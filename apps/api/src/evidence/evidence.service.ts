import { createHash, randomBytes } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, rename, rm } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { Transform } from "node:stream";
import { EvidenceEntity } from "@assess/data";
import { DomainError, badInput, notFound } from "@assess/domain";
import type { DataSource, EntityManager } from "typeorm";
import type { Principal } from "../common/principal";
import { requireVisible } from "../access/visible";
import { ACCEPTED_TYPES, judgeContent } from "./sniff";

export const MAX_EVIDENCE_BYTES = 20 * 1024 * 1024;

export const evidenceUrl = (id: number) => `/evidence/${id}`;

/** Photos, PDFs and Word and Excel documents backing findings, problems and reports, kept under DATA_DIR/evidence. */
export class EvidenceService {
  private readonly root: string;

  constructor(
    private readonly ds: DataSource,
    dataDir: string,
    /** Bytes one user may upload in 24 hours (EVIDENCE_QUOTA_MB). */
    private readonly quotaBytes = 500 * 1024 * 1024,
  ) {
    this.root = resolve(dataDir, "evidence");
  }

  /**
   * Stores an upload. The type is judged by content; a file over the limit, of another type, or an office document
   * with macros is refused with BAD_USER_INPUT and leaves nothing behind.
   */
  async store(p: Principal, fileName: string, stream: Readable, truncated: () => boolean): Promise<EvidenceEntity> {
    const tmp = join(this.root, "tmp", `${Date.now()}-${randomBytes(8).toString("hex")}`);
    await mkdir(dirname(tmp), { recursive: true });
    const hash = createHash("sha256");
    let size = 0;
    let head = Buffer.alloc(0);
    const meter = new Transform({
      transform(chunk: Buffer, _enc, done) {
        size += chunk.length;
        if (head.length < 16) head = Buffer.concat([head, chunk.subarray(0, 16 - head.length)]);
        hash.update(chunk);
        done(null, chunk);
      },
    });
    try {
      await pipeline(stream, meter, createWriteStream(tmp));
      if (truncated() || size > MAX_EVIDENCE_BYTES)
        throw badInput("file", `is larger than ${MAX_EVIDENCE_BYTES / 1024 / 1024} MiB`);
      if (size === 0) throw badInput("file", "is empty");
      // Judged once the whole file is written: an OOXML document's parts are listed at the end of its ZIP.
      const judged = await judgeContent(tmp, head);
      if (!judged) throw badInput("file", `must be ${ACCEPTED_TYPES}`);
      if ("refusal" in judged) throw badInput("file", judged.refusal);
      const { contentType } = judged;
      const [used] = await this.ds.query(
        "SELECT COALESCE(SUM(size), 0) AS n FROM evidence WHERE uploaded_by_id = ? AND created_at > NOW(3) - INTERVAL 1 DAY",
        [p.userId],
      );
      if (Number(used.n) + size > this.quotaBytes) {
        throw badInput(
          "file",
          `your uploads of the last 24 hours would exceed your quota of ${Math.round(this.quotaBytes / 1024 / 1024)} MiB; try again later or ask the city admin`,
        );
      }
      const sha256 = hash.digest("hex");
      const storageKey = join(sha256.slice(0, 2), `${sha256}-${randomBytes(4).toString("hex")}`);
      await mkdir(join(this.root, sha256.slice(0, 2)), { recursive: true });
      await rename(tmp, join(this.root, storageKey));
      const repo = this.ds.getRepository(EvidenceEntity);
      // eslint-disable-next-line no-control-regex -- control characters do not belong in a file name
      const name = (fileName || "file").replace(/[\\/\u0000-\u001f]/g, "_").slice(0, 255);
      return await repo.save(
        repo.create({ fileName: name, contentType, size, sha256, storageKey, uploadedById: p.userId }),
      );
    } finally {
      await rm(tmp, { force: true });
    }
  }

  /** The evidence, when the principal may see it (the access module's rule: uploaded it, or attached to what they may see); NOT_FOUND otherwise. */
  async readable(p: Principal, id: number): Promise<{ evidence: EvidenceEntity; open: () => Readable }> {
    await requireVisible(this.ds, p, "evidence", id);
    const evidence = await this.ds.getRepository(EvidenceEntity).findOneBy({ id });
    if (!evidence) throw notFound("evidence", id);
    return { evidence, open: () => createReadStream(join(this.root, evidence.storageKey)) };
  }

  /** Evidence ids a user may attach: their own uploads (the city admin may attach any). */
  async usable(m: EntityManager, p: Principal, ids: number[], field: string): Promise<number[]> {
    if (!ids.length) return [];
    const unique = [...new Set(ids)];
    const rows: { id: number; uploaded_by_id: number }[] = await m.query(
      "SELECT id, uploaded_by_id FROM evidence WHERE id IN (?)",
      [unique],
    );
    for (const id of unique) {
      const row = rows.find((r) => r.id === id);
      if (!row || (row.uploaded_by_id !== p.userId && p.role !== "CITY_ADMIN")) {
        throw new DomainError("NOT_FOUND", `${field}: evidence ${id} not found among your uploads`, field);
      }
    }
    return unique;
  }
}
