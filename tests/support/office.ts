import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

/** Whether LibreOffice and poppler are here (.ci/run installs them: Debian's libreoffice-*-nogui and poppler-utils). */
export const hasOffice = existsSync("/usr/bin/soffice") && existsSync("/usr/bin/pdftotext");

/**
 * Documents read back by readers nobody here wrote: LibreOffice (headless) converts, poppler reads the PDF. Each reader
 * has a LibreOffice profile of its own, so that test files converting at the same time do not share its lock.
 */
export function officeReader() {
  const dir = mkdtempSync(join(tmpdir(), "office-"));
  const profile = `file://${join(dir, "profile")}`;
  let n = 0;
  const soffice = async (input: string, to: string) => {
    await run(
      "soffice",
      [`-env:UserInstallation=${profile}`, "--headless", "--norestore", "--convert-to", to, "--outdir", dir, input],
      { timeout: 120_000 },
    );
  };
  const save = (body: Buffer, ext: string) => {
    const file = join(dir, `doc-${++n}.${ext}`);
    writeFileSync(file, body);
    return file;
  };
  return {
    dir,
    /** The document as LibreOffice prints it: the PDF's path. */
    async pdf(body: Buffer, ext: "docx" | "xlsx"): Promise<string> {
      const input = save(body, ext);
      await soffice(input, "pdf");
      return input.replace(/\.\w+$/, ".pdf");
    },
    /** A Word document's text as LibreOffice reads it: paragraphs and table cells one per line, in reading order. */
    async docText(body: Buffer): Promise<string> {
      const input = save(body, "docx");
      await soffice(input, "txt:Text (encoded):UTF8");
      return readFileSync(input.replace(/\.docx$/, ".txt"), "utf8");
    },
    /** The text of a PDF (all pages, or one), as poppler reads it; layout kept so that table rows stay on one line. */
    async text(pdf: string, page?: number): Promise<string> {
      const range = page ? ["-f", String(page), "-l", String(page)] : [];
      const { stdout } = await run("pdftotext", ["-layout", ...range, pdf, "-"], { maxBuffer: 64 * 1024 * 1024 });
      return stdout;
    },
    async pages(pdf: string): Promise<number> {
      const { stdout } = await run("pdfinfo", [pdf]);
      return Number(/^Pages:\s+(\d+)/m.exec(stdout)![1]);
    },
    /** Every sheet of a workbook as CSV rows (LibreOffice's CSV filter, UTF-8, all sheets): sheet name → rows. */
    async sheets(body: Buffer): Promise<Map<string, string[][]>> {
      const input = save(body, "xlsx");
      // Filter options: comma, double quote, UTF-8 (76), from line 1, …, formatted text as shown (true), every sheet (-1).
      await soffice(input, "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1");
      const base = input.replace(/\.xlsx$/, "");
      const out = new Map<string, string[][]>();
      for (const f of readdirSync(dir).filter((x) => x.startsWith(`${base.split("/").pop()}-`) && x.endsWith(".csv"))) {
        out.set(f.slice(base.split("/").pop()!.length + 1, -4), parseCsv(readFileSync(join(dir, f), "utf8")));
      }
      return out;
    },
    /** A picture of the first page (PNG, `dpi` dots per inch) at `target`. */
    async firstPage(pdf: string, target: string, dpi = 70): Promise<void> {
      await run("pdftoppm", [
        "-png",
        "-r",
        String(dpi),
        "-f",
        "1",
        "-l",
        "1",
        "-singlefile",
        pdf,
        target.replace(/\.png$/, ""),
      ]);
    },
  };
}

/** RFC 4180 CSV: quoted fields may hold commas, quotes ("") and line breaks. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      row.push(field);
      field = "";
    } else if (c === "\n" || c === "\r") {
      if (c === "\r" && text[i + 1] === "\n") i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
    } else field += c;
  }
  if (field || row.length) rows.push([...row, field]);
  return rows;
}
