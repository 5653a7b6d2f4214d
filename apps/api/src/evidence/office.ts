import { open } from "node:fs/promises";
import type { Readable } from "node:stream";
import { openPromise, type Entry, type ZipFile } from "yauzl";

/** What an office file is judged to be: its content type, or why it is refused (a sentence after "file: "). */
export type OfficeJudgement = { contentType: string } | { refusal: string };

export const DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
export const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
export const DOC = "application/msword";
export const XLS = "application/vnd.ms-excel";

export const MACROS_REFUSED = "macros are not accepted; save the document without macros (.docx, .xlsx)";
const NOT_OOXML = "is a ZIP archive but not a Word or Excel document (.docx, .xlsx)";
const UNREADABLE_ZIP = "looks like a ZIP archive (.docx, .xlsx) but cannot be read";
const NOT_OLE2_OFFICE = "is an OLE2 compound file but not a Word or Excel document (.doc, .xls)";
const UNREADABLE_OLE2 = "looks like a Word or Excel 97–2003 document (.doc, .xls) but cannot be read";
const ENCRYPTED = "password-protected documents are not accepted; remove the password and upload it again";

/** A real document has tens of parts, a large workbook a few thousand. */
const MAX_PARTS = 20_000;
/** [Content_Types].xml lists each part's type: a few KiB in practice. */
const MAX_CONTENT_TYPES_BYTES = 1024 * 1024;

/**
 * An OOXML package (.docx, .xlsx; WPS saves the same): `[Content_Types].xml` and `word/document.xml` (Word) or
 * `xl/workbook.xml` (Excel). Refused with macros: a `vbaProject.bin` part anywhere, or a macro-enabled or VBA content
 * type. Part names are compared without regard to case, as OPC does. Reads the central directory at the file's end.
 */
export async function judgeOoxml(path: string): Promise<OfficeJudgement> {
  let zip: ZipFile;
  try {
    zip = await openPromise(path, { autoClose: false, lazyEntries: true, validateEntrySizes: true });
  } catch {
    return { refusal: UNREADABLE_ZIP };
  }
  try {
    let contentTypes: Entry | null = null;
    let word = false;
    let excel = false;
    let vba = false;
    let parts = 0;
    for await (const entry of zip.eachEntry()) {
      if (++parts > MAX_PARTS) return { refusal: `${NOT_OOXML}: it has more than ${MAX_PARTS} parts` };
      const name = entry.fileName.toLowerCase();
      if (name === "[content_types].xml") contentTypes = entry;
      else if (name === "word/document.xml") word = true;
      else if (name === "xl/workbook.xml") excel = true;
      if (name.slice(name.lastIndexOf("/") + 1) === "vbaproject.bin") vba = true;
    }
    if (vba) return { refusal: MACROS_REFUSED };
    if (!contentTypes || (!word && !excel)) return { refusal: NOT_OOXML };
    if (contentTypes.isEncrypted() || contentTypes.uncompressedSize > MAX_CONTENT_TYPES_BYTES)
      return { refusal: UNREADABLE_ZIP };
    const types = decodeXml(await readAll(await zip.openReadStreamPromise(contentTypes)));
    if (/macroEnabled|vbaProject/i.test(types)) return { refusal: MACROS_REFUSED };
    return { contentType: word ? DOCX : XLSX };
  } catch {
    return { refusal: UNREADABLE_ZIP };
  } finally {
    zip.close();
  }
}

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** XML in UTF-8, or UTF-16 with its byte order mark. */
function decodeXml(b: Buffer): string {
  if (b[0] === 0xff && b[1] === 0xfe) return b.subarray(2).toString("utf16le");
  if (b[0] === 0xfe && b[1] === 0xff)
    return Buffer.from(b.subarray(2, 2 + ((b.length - 2) & ~1)))
      .swap16()
      .toString("utf16le");
  return b.toString("utf8");
}

export const OLE2_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
const ENDOFCHAIN = 0xfffffffe;
const MAXREGSECT = 0xfffffffa;
const NOSTREAM = 0xffffffff;
const STORAGE = 1;
const STREAM = 2;
const ROOT = 5;
const MACRO_STORAGES = new Set(["macros", "_vba_project_cur", "vba"]);

class Malformed extends Error {}

interface DirectoryEntry {
  name: string;
  type: number;
  left: number;
  right: number;
  child: number;
}

/**
 * An OLE2 compound file (.doc, .xls; WPS's .wps and .et are the same formats): Word by a `WordDocument` stream in the
 * root storage, Excel by a `Workbook` (or Excel 5's `Book`) stream. Refused with macros: a `Macros`,
 * `_VBA_PROJECT_CUR` or `VBA` storage at any depth (an embedded object's macros too). The directory is read
 * (MS-CFB: header, DIFAT, the FAT entries of the directory's chain), so that text in a document is never taken for a name.
 */
export async function judgeOle2(path: string): Promise<OfficeJudgement> {
  let entries: DirectoryEntry[];
  try {
    entries = await readCompoundDirectory(path);
  } catch (e) {
    if (e instanceof Malformed) return { refusal: UNREADABLE_OLE2 };
    throw e;
  }
  if (entries.some((e) => (e.type === STORAGE || e.type === STREAM) && MACRO_STORAGES.has(e.name.toLowerCase())))
    return { refusal: MACROS_REFUSED };
  const top = rootChildren(entries);
  const stream = (name: string) => top.some((e) => e.type === STREAM && e.name.toLowerCase() === name.toLowerCase());
  if (stream("WordDocument")) return { contentType: DOC };
  if (stream("Workbook") || stream("Book")) return { contentType: XLS };
  // An encrypted .docx or .xlsx is an OLE2 file holding the encrypted package.
  if (stream("EncryptedPackage")) return { refusal: ENCRYPTED };
  return { refusal: NOT_OLE2_OFFICE };
}

/** The root storage's children: its red-black tree of siblings, walked with a guard against cycles. */
function rootChildren(entries: DirectoryEntry[]): DirectoryEntry[] {
  const out: DirectoryEntry[] = [];
  const seen = new Set<number>();
  const todo = [entries[0]!.child];
  while (todo.length) {
    const id = todo.pop()!;
    if (id === NOSTREAM || id >= entries.length || seen.has(id)) continue;
    seen.add(id);
    const e = entries[id]!;
    out.push(e);
    todo.push(e.left, e.right);
  }
  return out;
}

/** Every entry of a compound file's directory; Malformed when the file is not a sound compound file. */
async function readCompoundDirectory(path: string): Promise<DirectoryEntry[]> {
  const file = await open(path, "r");
  try {
    const size = (await file.stat()).size;
    const read = async (position: number, length: number) => {
      const b = Buffer.alloc(length);
      const { bytesRead } = await file.read(b, 0, length, position);
      return bytesRead === length ? b : b.fill(0, bytesRead);
    };
    const header = await read(0, 512);
    if (!header.subarray(0, 8).equals(OLE2_MAGIC) || header.readUInt16LE(0x1c) !== 0xfffe) throw new Malformed();
    const shift = header.readUInt16LE(0x1e);
    if (shift !== 9 && shift !== 12) throw new Malformed();
    const sectorSize = 1 << shift;
    // Sector n begins at (n + 1) * sectorSize: the header takes the first sector's place.
    const sectors = Math.ceil(size / sectorSize) - 1;
    if (sectors < 1) throw new Malformed();
    const sector = (n: number) => {
      if (n > MAXREGSECT || n >= sectors) throw new Malformed();
      return read((n + 1) * sectorSize, sectorSize);
    };
    const perSector = sectorSize / 4;

    // Where the FAT's sectors are: 109 in the header, the rest in the DIFAT's chain.
    const fatCount = header.readUInt32LE(0x2c);
    if (fatCount < 1 || fatCount > sectors) throw new Malformed();
    const fat: number[] = [];
    for (let i = 0; i < Math.min(fatCount, 109); i++) fat.push(header.readUInt32LE(0x4c + 4 * i));
    let difat = header.readUInt32LE(0x44);
    for (let hops = 0; fat.length < fatCount; hops++) {
      if (hops >= sectors) throw new Malformed();
      const s = await sector(difat);
      for (let i = 0; i < perSector - 1 && fat.length < fatCount; i++) fat.push(s.readUInt32LE(4 * i));
      difat = s.readUInt32LE(sectorSize - 4);
    }
    const next = async (n: number) => {
      const at = fat[Math.floor(n / perSector)];
      if (at === undefined) throw new Malformed();
      return (await sector(at)).readUInt32LE(4 * (n % perSector));
    };

    const entries: DirectoryEntry[] = [];
    const visited = new Set<number>();
    for (let n = header.readUInt32LE(0x30); n !== ENDOFCHAIN; n = await next(n)) {
      if (visited.has(n)) throw new Malformed();
      visited.add(n);
      const s = await sector(n);
      for (let off = 0; off < sectorSize; off += 128) {
        const nameBytes = s.readUInt16LE(off + 0x40);
        const name =
          nameBytes >= 2 && nameBytes <= 64 && nameBytes % 2 === 0
            ? s.toString("utf16le", off, off + nameBytes - 2)
            : "";
        entries.push({
          name,
          type: s[off + 0x42]!,
          left: s.readUInt32LE(off + 0x44),
          right: s.readUInt32LE(off + 0x48),
          child: s.readUInt32LE(off + 0x4c),
        });
      }
    }
    if (entries[0]?.type !== ROOT) throw new Malformed();
    return entries;
  } finally {
    await file.close();
  }
}
