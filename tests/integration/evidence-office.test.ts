import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, readlinkSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import ExcelJS from "exceljs";
import JSZip from "jszip";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { user } from "../support/factories";
import type { SignedIn } from "../support/factories";
import { rowCounts } from "../support/flow";
import { Api, startApi } from "../support/harness";

/** Issue 11, item 3: annual reports in office formats, judged by content; macros refused. */

let api: Api;
beforeAll(async () => {
  api = await startApi();
});
afterAll(async () => api?.close());

const DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
const DOC = "application/msword";
const XLS = "application/vnd.ms-excel";

// ---- OOXML packages -------------------------------------------------------------------------------------------

const RELS = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`;
const DOCUMENT = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>2024 年度报告</w:t></w:r></w:p></w:body></w:document>`;
const contentTypes = (main: string, extra = "") => `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="${main}"/>${extra}</Types>`;

async function zip(parts: Record<string, string | Buffer>): Promise<Buffer> {
  const z = new JSZip();
  for (const [name, content] of Object.entries(parts)) z.file(name, content);
  return z.generateAsync({ type: "nodebuffer", compression: "DEFLATE" });
}

/** A minimal valid .docx: content types, the package relationship and the main document part. */
const docx = () =>
  zip({
    "[Content_Types].xml": contentTypes(
      "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    ),
    "_rels/.rels": RELS,
    "word/document.xml": DOCUMENT,
  });

async function xlsx(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("年度报告");
  ws.addRow(["指标", "得分"]);
  ws.addRow(["I01", 4.5]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

// ---- OLE2 compound files (MS-CFB, version 3: 512-byte sectors) ------------------------------------------------

interface CfbNode {
  name: string;
  /** A stream's bytes; a storage has children instead. */
  data?: Buffer;
  children?: CfbNode[];
}

const FREESECT = 0xffffffff;
const ENDOFCHAIN = 0xfffffffe;
const FATSECT = 0xfffffffd;
const NOSTREAM = 0xffffffff;

/**
 * A compound file holding these nodes in its root storage. Streams are padded to 4096 bytes, so that every one lives
 * in regular sectors (no mini stream); each storage's children are chained as right siblings in the order MS-CFB
 * sorts names (length, then upper case).
 */
function compoundFile(children: CfbNode[]): Buffer {
  interface Entry {
    node: CfbNode;
    type: number;
    right: number;
    child: number;
    start: number;
    size: number;
  }
  const entries: Entry[] = [];
  const add = (node: CfbNode, type: number): number => {
    const id = entries.length;
    entries.push({ node, type, right: NOSTREAM, child: NOSTREAM, start: ENDOFCHAIN, size: 0 });
    const kids = [...(node.children ?? [])].sort(
      (a, b) => a.name.length - b.name.length || (a.name.toUpperCase() < b.name.toUpperCase() ? -1 : 1),
    );
    let previous: Entry | null = null;
    for (const kid of kids) {
      const kidId = add(kid, kid.data ? 2 : 1);
      if (previous) previous.right = kidId;
      else entries[id]!.child = kidId;
      previous = entries[kidId]!;
    }
    return id;
  };
  add({ name: "Root Entry", children }, 5);

  const streams = entries.filter((e) => e.type === 2);
  const padded = streams.map((e) => {
    const d = e.node.data!;
    return Buffer.concat([d, Buffer.alloc(Math.max(4096, Math.ceil(d.length / 512) * 512) - d.length)]);
  });
  const dirSectors = Math.ceil(entries.length / 4);
  const dataSectors = padded.reduce((n, d) => n + d.length / 512, 0);
  let fatSectors = 1;
  while (fatSectors * 128 < fatSectors + dirSectors + dataSectors) fatSectors++;
  const fat = new Array<number>(fatSectors * 128).fill(FREESECT);
  let next = 0;
  const chain = (count: number) => {
    const start = next;
    for (let i = 0; i < count; i++) fat[next + i] = i === count - 1 ? ENDOFCHAIN : next + i + 1;
    next += count;
    return start;
  };
  for (let i = 0; i < fatSectors; i++) fat[next++] = FATSECT;
  const dirStart = chain(dirSectors);
  streams.forEach((e, i) => {
    e.start = chain(padded[i]!.length / 512);
    e.size = padded[i]!.length;
  });

  const header = Buffer.alloc(512);
  Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(header, 0);
  header.writeUInt16LE(0x3e, 0x18);
  header.writeUInt16LE(3, 0x1a);
  header.writeUInt16LE(0xfffe, 0x1c);
  header.writeUInt16LE(9, 0x1e);
  header.writeUInt16LE(6, 0x20);
  header.writeUInt32LE(fatSectors, 0x2c);
  header.writeUInt32LE(dirStart, 0x30);
  header.writeUInt32LE(4096, 0x38);
  header.writeUInt32LE(ENDOFCHAIN, 0x3c);
  header.writeUInt32LE(ENDOFCHAIN, 0x44);
  for (let i = 0; i < 109; i++) header.writeUInt32LE(i < fatSectors ? i : FREESECT, 0x4c + 4 * i);

  const fatBytes = Buffer.alloc(fatSectors * 512);
  fat.forEach((v, i) => fatBytes.writeUInt32LE(v, 4 * i));
  const dir = Buffer.alloc(dirSectors * 512);
  for (let i = 0; i < dirSectors * 4; i++) {
    const off = i * 128;
    const e = entries[i];
    dir.writeUInt32LE(NOSTREAM, off + 0x44);
    dir.writeUInt32LE(NOSTREAM, off + 0x48);
    dir.writeUInt32LE(NOSTREAM, off + 0x4c);
    if (!e) continue;
    dir.write(e.node.name, off, "utf16le");
    dir.writeUInt16LE((e.node.name.length + 1) * 2, off + 0x40);
    dir[off + 0x42] = e.type;
    dir[off + 0x43] = 1; // black
    dir.writeUInt32LE(e.right, off + 0x48);
    dir.writeUInt32LE(e.child, off + 0x4c);
    dir.writeUInt32LE(e.type === 2 ? e.start : e.type === 5 ? ENDOFCHAIN : 0, off + 0x74);
    dir.writeUInt32LE(e.size, off + 0x78);
  }
  return Buffer.concat([header, fatBytes, dir, ...padded]);
}

const stream = (name: string, data: Buffer | string = name): CfbNode => ({
  name,
  data: Buffer.isBuffer(data) ? data : Buffer.from(data, "utf16le"),
});
const SUMMARY = stream("\u0005SummaryInformation", Buffer.alloc(64));
/** A .doc's streams; its text (UTF-16LE, as Word keeps Chinese text) may name anything without being a storage. */
const ole2Doc = (text = "2024 年度报告") =>
  compoundFile([
    stream("WordDocument", Buffer.concat([Buffer.from([0xec, 0xa5]), Buffer.from(text, "utf16le")])),
    stream("1Table"),
    SUMMARY,
  ]);
const ole2Xls = (book = "Workbook", extra: CfbNode[] = []) =>
  compoundFile([stream(book, Buffer.from([0x09, 0x08, 0x10, 0x00])), SUMMARY, ...extra]);
const VBA_PROJECT: CfbNode[] = [
  { name: "VBA", children: [stream("dir"), stream("_VBA_PROJECT"), stream("Module1")] },
  stream("PROJECT"),
];

/** Real .doc and .xls files written by LibreOffice, when it is installed. */
function libreOffice(): { doc: Buffer; xls: Buffer } | null {
  if (spawnSync("soffice", ["--version"], { timeout: 30_000 }).status !== 0) return null;
  const dir = mkdtempSync(join(tmpdir(), "sa-office-"));
  try {
    writeFileSync(
      join(dir, "report.txt"),
      "2024 年度报告\n本年度共完成考核 12 次。Macros, VBA and Workbook are only words here.\n",
    );
    writeFileSync(join(dir, "sheet.csv"), "指标,得分\nI01,4.5\n");
    const env = { ...process.env, HOME: dir };
    for (const [format, file] of [
      ["doc", "report.txt"],
      ["xls", "sheet.csv"],
    ]) {
      const r = spawnSync(
        "soffice",
        [
          "--headless",
          "--norestore",
          `-env:UserInstallation=file://${dir}/profile`,
          "--convert-to",
          format!,
          "--outdir",
          dir,
          join(dir, file!),
        ],
        { env, timeout: 60_000 },
      );
      if (r.status !== 0) throw new Error(`soffice --convert-to ${format}: ${r.stderr}`);
    }
    return { doc: readFileSync(join(dir, "report.doc")), xls: readFileSync(join(dir, "sheet.xls")) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// ---- HTTP ------------------------------------------------------------------------------------------------------

async function upload(who: SignedIn, content: Buffer, fileName: string) {
  const form = new FormData();
  form.append("file", new Blob([new Uint8Array(content)], { type: "application/octet-stream" }), fileName);
  const res = await fetch(`${api.url}/evidence`, {
    method: "POST",
    body: form,
    headers: { authorization: `Bearer ${who.token}` },
  });
  return {
    status: res.status,
    body: (await res.json()) as {
      id?: string;
      contentType?: string;
      size?: number;
      url?: string;
      code?: string;
      message?: string;
    },
  };
}

/** Every file under the evidence store (the temporary directory included), relative to it. */
function storedFiles(): string[] {
  const root = join(api.config.DATA_DIR, "evidence");
  const walk = (dir: string): string[] => {
    try {
      return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
        d.isDirectory() ? walk(join(dir, d.name)) : [relative(root, join(dir, d.name))],
      );
    } catch {
      return [];
    }
  };
  return walk(root).sort();
}

/** Files under the data directory this process (the API's too) holds open, once the closing has had its moment. */
async function openFilesUnderDataDir(): Promise<string[]> {
  const list = () =>
    readdirSync("/proc/self/fd").flatMap((fd) => {
      try {
        const target = readlinkSync(`/proc/self/fd/${fd}`);
        return target.startsWith(api.config.DATA_DIR) ? [target] : [];
      } catch {
        return [];
      }
    });
  for (let i = 0; i < 100 && list().length; i++) await new Promise((r) => setTimeout(r, 50));
  return list();
}

describe("office documents as evidence (issue 11)", () => {
  let accepted = 0;
  let refused = 0;
  afterAll(() => console.log(`office evidence: ${accepted} accepted, ${refused} refused`));

  it("accepts .docx, .xlsx, .doc and .xls by their content and serves them back as downloads", async () => {
    const u = await user(api, "ASSESSOR");
    const real = libreOffice();
    if (!real) console.log("office evidence: soffice not found, the LibreOffice-written .doc and .xls are skipped");
    const cases: [string, Buffer, string][] = [
      ["年度报告.docx", await docx(), DOCX],
      ["年度报告.xlsx", await xlsx(), XLSX],
      ["年度报告.doc", ole2Doc(), DOC],
      ["年度报告.xls", ole2Xls(), XLS],
      // WPS's .et is Excel's binary format; Excel 5 named its stream Book.
      ["报表.et", ole2Xls("Book"), XLS],
      // The directory is read, not the bytes: a document whose text names macros is no macro.
      ["关于宏的说明.doc", ole2Doc("Macros _VBA_PROJECT_CUR VBA vbaProject.bin"), DOC],
      // The name does not decide: a .docx named .pdf is still a .docx.
      ["misnamed.pdf", await docx(), DOCX],
      ...(real
        ? ([
            ["libreoffice.doc", real.doc, DOC],
            ["libreoffice.xls", real.xls, XLS],
          ] as [string, Buffer, string][])
        : []),
    ];
    for (const [name, content, type] of cases) {
      const r = await upload(u, content, name);
      expect([name, r.status, r.body.contentType, r.body.size]).toEqual([name, 201, type, content.length]);
      const res = await fetch(`${api.url}${r.body.url}`, { headers: { authorization: `Bearer ${u.token}` } });
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toBe(type);
      expect(res.headers.get("content-disposition")).toBe(`attachment; filename*=UTF-8''${encodeURIComponent(name)}`);
      expect(res.headers.get("content-security-policy")).toMatch(/^sandbox/);
      expect(Buffer.from(await res.arrayBuffer()).equals(content)).toBe(true);
      accepted++;
    }
  });

  it("refuses macros, other ZIPs and other compound files with 400 naming file and why, keeping nothing", async () => {
    const u = await user(api, "ASSESSOR");
    const macros = /^file: macros are not accepted; save the document without macros \(\.docx, \.xlsx\)$/;
    const cases: [string, Buffer, RegExp][] = [
      // A .docm: its VBA project as a part (the content types left as a .docx's).
      [
        "宏.docm",
        await zip({
          "[Content_Types].xml": contentTypes(
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
          ),
          "_rels/.rels": RELS,
          "word/document.xml": DOCUMENT,
          "word/vbaProject.bin": Buffer.from([0xcc, 0x61, 0xff, 0xff]),
        }),
        macros,
      ],
      // An .xlsm by its content types alone (the VBA part under another name).
      [
        "宏.xlsm",
        await zip({
          "[Content_Types].xml": contentTypes("application/vnd.ms-excel.sheet.macroEnabled.main+xml").replace(
            "/word/document.xml",
            "/xl/workbook.xml",
          ),
          "_rels/.rels": RELS.replace("word/document.xml", "xl/workbook.xml"),
          "xl/workbook.xml": `<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"/>`,
        }),
        macros,
      ],
      ["宏.xls", ole2Xls("Workbook", [{ name: "_VBA_PROJECT_CUR", children: VBA_PROJECT }]), macros],
      [
        "宏.doc",
        compoundFile([stream("WordDocument"), stream("1Table"), { name: "Macros", children: VBA_PROJECT }]),
        macros,
      ],
      [
        "archive.zip",
        await zip({ "readme.txt": "not a document" }),
        /^file: is a ZIP archive but not a Word or Excel document \(\.docx, \.xlsx\)$/,
      ],
      [
        "report.odt",
        await zip({
          mimetype: "application/vnd.oasis.opendocument.text",
          "content.xml": "<office:document-content/>",
          "META-INF/manifest.xml": "<manifest:manifest/>",
        }),
        /^file: is a ZIP archive but not a Word or Excel document \(\.docx, \.xlsx\)$/,
      ],
      [
        "contents.doc",
        compoundFile([stream("Contents"), SUMMARY]),
        /^file: is an OLE2 compound file but not a Word or Excel document \(\.doc, \.xls\)$/,
      ],
      [
        "truncated.docx",
        (await docx()).subarray(0, 200),
        /^file: looks like a ZIP archive \(\.docx, \.xlsx\) but cannot be read$/,
      ],
      [
        "truncated.doc",
        ole2Doc().subarray(0, 600),
        /^file: looks like a Word or Excel 97–2003 document \(\.doc, \.xls\) but cannot be read$/,
      ],
    ];
    const before = await rowCounts(api);
    const files = storedFiles();
    for (const [name, content, reason] of cases) {
      const r = await upload(u, content, name);
      expect([name, r.status, r.body.code]).toEqual([name, 400, "BAD_USER_INPUT"]);
      expect(r.body.message).toMatch(reason);
      expect(await rowCounts(api)).toEqual(before);
      expect(storedFiles()).toEqual(files);
      refused++;
    }
    // Anything else is told what is accepted.
    const text = await upload(u, Buffer.from("just text"), "report.docx");
    expect(text.body.message).toBe(
      "file: must be a JPEG, PNG, WebP or PDF, or a Word or Excel document (.docx, .xlsx, .doc, .xls; WPS files too), judged by its content",
    );
    expect(storedFiles()).toEqual(files);
    // Reading the ZIPs and the compound files let go of every descriptor.
    expect(await openFilesUnderDataDir()).toEqual([]);
  });
});
