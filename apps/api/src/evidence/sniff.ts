import { OLE2_MAGIC, judgeOle2, judgeOoxml, type OfficeJudgement } from "./office";

/** What is accepted, for the refusal of anything else. */
export const ACCEPTED_TYPES =
  "a JPEG, PNG, WebP or PDF, or a Word or Excel document (.docx, .xlsx, .doc, .xls; WPS files too), judged by its content";

/** The content type of a file judged by its first bytes, not by its name: JPEG, PNG, WebP and PDF only. */
export function sniffContentType(head: Buffer): string | null {
  if (head.length >= 3 && head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return "image/jpeg";
  if (head.length >= 8 && head.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])))
    return "image/png";
  if (head.length >= 12 && head.toString("latin1", 0, 4) === "RIFF" && head.toString("latin1", 8, 12) === "WEBP")
    return "image/webp";
  if (head.length >= 5 && head.toString("latin1", 0, 5) === "%PDF-") return "application/pdf";
  return null;
}

/**
 * The content type of a whole file, written out at `path` and beginning with `head`: the types above by their first
 * bytes; a ZIP (`PK\3\4`) as an OOXML document and an OLE2 compound file by their structure (./office), which may
 * refuse it (macros, neither Word nor Excel). Null: none of the accepted types.
 */
export async function judgeContent(path: string, head: Buffer): Promise<OfficeJudgement | null> {
  const sniffed = sniffContentType(head);
  if (sniffed) return { contentType: sniffed };
  if (head.length >= 4 && head.toString("latin1", 0, 4) === "PK\x03\x04") return judgeOoxml(path);
  if (head.length >= 8 && head.subarray(0, 8).equals(OLE2_MAGIC)) return judgeOle2(path);
  return null;
}
