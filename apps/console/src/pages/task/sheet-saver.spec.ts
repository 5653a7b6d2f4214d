import { describe, expect, it } from "vitest";
import {
  AUTOSAVE_MS,
  RETRY_MS,
  SheetSaver,
  type DraftFinding,
  type FindingInput,
  type SaveResult,
  type Stored,
} from "./sheet-saver";

const f = (indicatorCode: string, occurrences = 1, note = ""): DraftFinding => ({
  indicatorCode,
  ruleCode: "R1",
  occurrences,
  note,
  evidence: [],
});
const sheet = (...fs: DraftFinding[]) => Object.fromEntries(fs.map((x) => [`${x.indicatorCode}/${x.ruleCode}`, x]));

/** A saver with a fake server (each save answered by the test), a fake IndexedDB and timers run by hand. */
function rig(
  o: {
    version?: number;
    findings?: ReturnType<typeof sheet>;
    examined?: string[];
    editable?: boolean;
    stored?: Stored;
    aside?: Stored;
  } = {},
) {
  const db = new Map<string, Stored>();
  if (o.stored) db.set("d", o.stored);
  if (o.aside) db.set("a", o.aside);
  const saves: {
    findings: FindingInput[];
    examined: string[];
    expectedVersion: number;
    answer(r: SaveResult): void;
  }[] = [];
  const timers = new Map<number, { fn: () => void; ms: number }>();
  let nextTimer = 1;
  const saver = new SheetSaver(
    {
      save: (findings, examined, expectedVersion) =>
        new Promise((answer) => saves.push({ findings, examined, expectedVersion, answer })),
      store: {
        get: async (k) => db.get(k),
        set: async (k, v) => void db.set(k, structuredClone(v)),
        del: async (k) => void db.delete(k),
      },
      keys: { draft: "d", aside: "a" },
      setTimer: (fn, ms) => {
        timers.set(nextTimer, { fn, ms });
        return nextTimer++;
      },
      clearTimer: (h) => void timers.delete(h as number),
      changed: () => {},
    },
    { version: o.version ?? 3, findings: o.findings ?? {}, examined: o.examined ?? [] },
    o.editable ?? true,
  );
  const tick = async () => {
    const due = [...timers.entries()];
    timers.clear();
    for (const [, t] of due) t.fn();
    await settle();
  };
  return { saver, db, saves, timers, tick, pendingMs: () => [...timers.values()].map((t) => t.ms) };
}
const settle = () => new Promise((r) => setTimeout(r, 0));

describe("the sheet saver", () => {
  it("keeps every change on the device at once and saves it shortly after with the version it was based on", async () => {
    const { saver, db, saves, tick, pendingMs } = rig();
    saver.update("I01/R1", () => f("I01"));
    await settle();
    expect(db.get("d")).toMatchObject({ dirty: true, baseVersion: 3 });
    expect(pendingMs()).toEqual([AUTOSAVE_MS]);
    await tick();
    expect(saves).toHaveLength(1);
    expect(saves[0]).toMatchObject({
      expectedVersion: 3,
      findings: [{ indicatorCode: "I01", ruleCode: "R1", occurrences: 1, note: null, evidenceIds: [] }],
    });
    saves[0]!.answer({ ok: true, version: 4 });
    await settle();
    expect(saver.state).toEqual({ kind: "saved", version: 4 });
    expect(db.get("d")).toMatchObject({ dirty: false, baseVersion: 4 });
  });

  it("saves what was typed during a save once that save is answered, on top of the version it produced", async () => {
    const { saver, saves, tick } = rig();
    saver.update("I01/R1", () => f("I01"));
    await tick();
    saver.update("I02/R1", () => f("I02"));
    saves[0]!.answer({ ok: true, version: 4 });
    await settle();
    expect(saver.state.kind).toBe("dirty");
    await tick();
    expect(saves).toHaveLength(2);
    expect(saves[1]!.expectedVersion).toBe(4);
    expect(saves[1]!.findings.map((x) => x.indicatorCode)).toEqual(["I01", "I02"]);
  });

  it("a change computed from the finding as it is then: a photo that arrives after the note keeps the note", () => {
    const { saver } = rig();
    saver.update("I01/R1", () => f("I01"));
    const addPhoto = (prev: DraftFinding | undefined) => ({
      ...prev!,
      evidence: [...prev!.evidence, { id: "9", fileName: "a.png", contentType: "image/png", url: "/evidence/9" }],
    });
    saver.update("I01/R1", (prev) => ({ ...prev!, note: "缺少饮水机" }));
    saver.update("I01/R1", addPhoto);
    expect(saver.findings["I01/R1"]).toMatchObject({ note: "缺少饮水机", evidence: [{ id: "9" }] });
  });

  it("offline: keeps the sheet, retries, and saves at once when the connection is back", async () => {
    const { saver, saves, tick, pendingMs } = rig();
    saver.update("I01/R1", () => f("I01"));
    await tick();
    saves[0]!.answer({ ok: false, code: "NETWORK", message: "Failed to fetch" });
    await settle();
    expect(saver.state.kind).toBe("offline");
    expect(pendingMs()).toEqual([RETRY_MS]);
    saver.update("I01/R1", (prev) => ({ ...prev!, note: "离线时写的" }));
    expect(saver.state.kind).toBe("offline");
    saver.online();
    await tick();
    expect(saves).toHaveLength(2);
    expect(saves[1]!.findings[0]!.note).toBe("离线时写的");
    saves[1]!.answer({ ok: true, version: 4 });
    await settle();
    expect(saver.isClean()).toBe(true);
  });

  it("on CONFLICT stops saving; 'keep mine' waits for the newer version, then saves over it", async () => {
    const { saver, saves, tick } = rig();
    saver.update("I01/R1", () => f("I01"));
    await tick();
    saves[0]!.answer({ ok: false, code: "CONFLICT", message: "task 1 was changed meanwhile" });
    await settle();
    expect(saver.state.kind).toBe("conflict");
    saver.update("I03/R1", () => f("I03"));
    await tick();
    expect(saves).toHaveLength(1);
    expect(saver.canKeepMine()).toBe(false);
    await saver.keepMine();
    expect(saves).toHaveLength(1);
    saver.serverSeen({ version: 5, findings: sheet(f("I02")), examined: [] });
    expect(saver.findings).toEqual(sheet(f("I01"), f("I03")));
    expect(saver.canKeepMine()).toBe(true);
    const kept = saver.keepMine();
    await settle();
    expect(saves[1]!.expectedVersion).toBe(5);
    saves[1]!.answer({ ok: true, version: 6 });
    await kept;
    expect(saver.state).toEqual({ kind: "saved", version: 6 });
  });

  it("'load theirs' keeps mine aside on the device, to be restored and saved later", async () => {
    const { saver, db, saves, tick } = rig();
    saver.update("I01/R1", () => f("I01"));
    await tick();
    saves[0]!.answer({ ok: false, code: "CONFLICT", message: "x" });
    await settle();
    await saver.loadTheirs({ version: 5, findings: sheet(f("I02")), examined: [] });
    expect(saver.findings).toEqual(sheet(f("I02")));
    expect(db.get("a")!.findings).toEqual(sheet(f("I01")));
    const restoring = saver.restoreAside();
    await settle();
    expect(db.has("a")).toBe(false);
    expect(saves[1]).toMatchObject({ expectedVersion: 5, findings: [{ indicatorCode: "I01" }] });
    saves[1]!.answer({ ok: true, version: 6 });
    await restoring;
    expect(saver.isClean()).toBe(true);
  });

  it("on opening: a dirty draft of the same version comes back and is saved; of an older one it is a conflict", async () => {
    const same = rig({
      version: 3,
      stored: { findings: sheet(f("I01")), examined: [], baseVersion: 3, dirty: true, savedAt: 1 },
    });
    await same.saver.open();
    expect(same.saver.restored).toBe("restored");
    expect(same.saver.findings).toEqual(sheet(f("I01")));
    await same.tick();
    expect(same.saves[0]).toMatchObject({ expectedVersion: 3 });

    const older = rig({
      version: 4,
      stored: { findings: sheet(f("I01")), examined: [], baseVersion: 3, dirty: true, savedAt: 1 },
    });
    await older.saver.open();
    expect(older.saver.state.kind).toBe("conflict");
    expect(older.saves).toHaveLength(0);
  });

  it("on opening: a draft the server already has is dropped; a draft of a task no longer editable is dropped and said", async () => {
    const saved = rig({
      version: 4,
      findings: sheet(f("I01")),
      stored: { findings: sheet(f("I01")), examined: [], baseVersion: 3, dirty: true, savedAt: 1 },
    });
    await saved.saver.open();
    expect(saved.saver.restored).toBeNull();
    expect(saved.saver.state).toEqual({ kind: "saved", version: 4 });
    expect(saved.db.has("d")).toBe(false);

    const closed = rig({
      editable: false,
      stored: { findings: sheet(f("I02")), examined: [], baseVersion: 3, dirty: true, savedAt: 1 },
    });
    await closed.saver.open();
    expect(closed.saver.restored).toBe("closed");
    expect(closed.saver.findings).toEqual({});
    expect(closed.db.has("d")).toBe(false);
  });

  it("takes a newer version the page read while nothing is unsaved, and never an older one", async () => {
    const { saver, saves, tick } = rig({ version: 3 });
    saver.serverSeen({ version: 5, findings: sheet(f("I05")), examined: ["I01"] });
    expect(saver.state).toEqual({ kind: "saved", version: 5 });
    expect(saver.examined).toEqual(["I01"]);
    saver.update("I01/R1", () => f("I01"));
    await tick();
    saves[0]!.answer({ ok: true, version: 6 });
    await settle();
    // A refetch started before that save comes back late: it does not roll the sheet back.
    saver.serverSeen({ version: 5, findings: sheet(f("I05")), examined: [] });
    expect(saver.state).toEqual({ kind: "saved", version: 6 });
    expect(Object.keys(saver.findings).sort()).toEqual(["I01/R1", "I05/R1"]);
  });

  it("a flush waits for the save in flight and then saves the rest; closing sends what is unsaved once and leaves no timer", async () => {
    const { saver, saves, tick, timers } = rig();
    saver.update("I01/R1", () => f("I01"));
    await tick();
    saver.update("I02/R1", () => f("I02"));
    const flushed = saver.flush();
    await settle();
    expect(saves).toHaveLength(1);
    saves[0]!.answer({ ok: true, version: 4 });
    await settle();
    expect(saves).toHaveLength(2);
    saves[1]!.answer({ ok: true, version: 5 });
    await flushed;
    expect(saver.isClean()).toBe(true);

    saver.update("I03/R1", () => f("I03"));
    saver.close();
    expect(timers.size).toBe(0);
    expect(saves).toHaveLength(3);
    saver.update("I04/R1", () => f("I04"));
    expect(saver.findings["I04/R1"]).toBeUndefined();
  });

  it("saves the indicators marked examined with the findings, and a mark alone is a change to save", async () => {
    const { saver, saves, tick, db } = rig();
    saver.mark("I02", true);
    saver.mark("I03", true);
    saver.mark("I02", false);
    await settle();
    expect(db.get("d")).toMatchObject({ dirty: true, examined: ["I03"] });
    await tick();
    expect(saves[0]).toMatchObject({ examined: ["I03"], findings: [] });
    saves[0]!.answer({ ok: true, version: 4 });
    await settle();
    expect(saver.isClean()).toBe(true);
  });

  it("a read-only sheet changes nothing and saves nothing", async () => {
    const { saver, saves, tick } = rig({ editable: false });
    saver.update("I01/R1", () => f("I01"));
    await tick();
    await saver.flush();
    expect(saver.findings).toEqual({});
    expect(saves).toHaveLength(0);
  });
});
