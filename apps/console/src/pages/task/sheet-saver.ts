/**
 * The sheet being filled in, and how it reaches the server, without React or the browser: every change is kept
 * (IndexedDB in the app) at once, and saved shortly after with `expectedVersion`, one save at a time. Offline it
 * retries; on CONFLICT (someone else saved first) it stops and lets the user choose. Tested in node with fakes.
 */

export interface DraftFinding {
  indicatorCode: string;
  ruleCode: string;
  occurrences: number;
  note: string;
  evidence: { id: string; fileName: string; contentType: string; url: string }[];
}

export type Findings = Record<string, DraftFinding>;

export const ruleKey = (indicatorCode: string, ruleCode: string) => `${indicatorCode}/${ruleCode}`;

/** What is kept on the device for a task: the sheet as typed (findings, indicators marked examined) and its version. */
export interface Stored {
  findings: Findings;
  examined: string[];
  baseVersion: number;
  dirty: boolean;
  savedAt: number;
}

export type SaveState =
  | { kind: "saved"; version: number }
  | { kind: "dirty" }
  | { kind: "saving" }
  | { kind: "offline" }
  | { kind: "conflict" }
  | { kind: "error"; message: string };

export interface FindingInput {
  indicatorCode: string;
  ruleCode: string;
  occurrences: number;
  note: string | null;
  evidenceIds: string[];
}

export type SaveResult = { ok: true; version: number } | { ok: false; code: string; message: string };

export interface SaverDeps {
  save(findings: FindingInput[], examined: string[], expectedVersion: number): Promise<SaveResult>;
  store: {
    get(key: string): Promise<Stored | undefined>;
    set(key: string, value: Stored): Promise<void>;
    del(key: string): Promise<void>;
  };
  /** Where this user's draft of this task is kept, and where "mine" is kept aside after loading theirs. */
  keys: { draft: string; aside: string };
  setTimer(fn: () => void, ms: number): unknown;
  clearTimer(handle: unknown): void;
  /** Called after every change of what the page shows. */
  changed(): void;
}

export const AUTOSAVE_MS = 1200;
export const RETRY_MS = 10_000;

/** The findings to send: one per rule with occurrences (a rule set back to 0 is no finding). */
export const toInput = (findings: Findings): FindingInput[] =>
  Object.values(findings)
    .filter((f) => f.occurrences > 0)
    .map((f) => ({
      indicatorCode: f.indicatorCode,
      ruleCode: f.ruleCode,
      occurrences: f.occurrences,
      note: f.note.trim() || null,
      evidenceIds: f.evidence.map((e) => e.id),
    }));

const same = (a: Sheet, b: Sheet) =>
  JSON.stringify(toInput(a.findings).sort(byRule)) === JSON.stringify(toInput(b.findings).sort(byRule)) &&
  [...a.examined].sort().join() === [...b.examined].sort().join();

/** A sheet: its findings, one per rule, and the deduction indicators marked examined (passed). */
export interface Sheet {
  findings: Findings;
  examined: string[];
}
const byRule = (x: FindingInput, y: FindingInput) =>
  ruleKey(x.indicatorCode, x.ruleCode).localeCompare(ruleKey(y.indicatorCode, y.ruleCode));

/**
 * The server's findings, one per rule: the console records one finding per rule (its note and photos); several
 * findings of one rule saved by an integrator are shown merged, their occurrences added up.
 */
export function fromServer(
  findings: readonly {
    indicatorCode: string;
    ruleCode: string;
    occurrences: number;
    note?: string | null;
    evidence: DraftFinding["evidence"];
  }[],
): Findings {
  const out: Findings = {};
  for (const f of findings) {
    const key = ruleKey(f.indicatorCode, f.ruleCode);
    const prev = out[key];
    out[key] = prev
      ? {
          ...prev,
          occurrences: prev.occurrences + f.occurrences,
          note: [prev.note, f.note].filter(Boolean).join("；"),
          evidence: [...prev.evidence, ...f.evidence],
        }
      : {
          indicatorCode: f.indicatorCode,
          ruleCode: f.ruleCode,
          occurrences: f.occurrences,
          note: f.note ?? "",
          evidence: [...f.evidence],
        };
  }
  return out;
}

export class SheetSaver {
  findings: Findings;
  examined: string[];
  state: SaveState;
  /** A draft of this device came back when the page opened (restored), or was dropped since the task is closed. */
  restored: "restored" | "closed" | null = null;
  aside: Stored | null = null;
  /** The newest version the server has shown, to know whether "keep mine" can be tried. */
  latestSeen: number;
  private base: number;
  private dirty = false;
  private conflicted = false;
  private closed = false;
  private timer: unknown = null;
  private inflight: Promise<void> | null = null;

  constructor(
    private readonly deps: SaverDeps,
    server: { version: number } & Sheet,
    private editable: boolean,
  ) {
    this.findings = server.findings;
    this.examined = server.examined;
    this.base = server.version;
    this.latestSeen = server.version;
    this.state = { kind: "saved", version: server.version };
  }

  /** Reads what this device kept of the task; a dirty draft comes back, or is a conflict if the server moved on. */
  async open(): Promise<void> {
    const [stored, aside] = await Promise.all([
      this.deps.store.get(this.deps.keys.draft),
      this.deps.store.get(this.deps.keys.aside),
    ]);
    if (this.closed) return;
    this.aside = aside ?? null;
    const kept = stored ? { findings: stored.findings, examined: stored.examined ?? [] } : null;
    if (stored?.dirty && same(kept!, this)) {
      // Saved after all (the answer was lost on the way): nothing to restore.
      await this.deps.store.del(this.deps.keys.draft);
    } else if (stored?.dirty && !this.editable) {
      this.restored = "closed";
      await this.deps.store.del(this.deps.keys.draft);
    } else if (stored?.dirty) {
      this.findings = stored.findings;
      this.examined = stored.examined ?? [];
      this.dirty = true;
      this.restored = "restored";
      if (stored.baseVersion === this.base) {
        this.state = { kind: "dirty" };
        this.schedule(0);
      } else {
        this.conflicted = true;
        this.state = { kind: "conflict" };
      }
    }
    this.deps.changed();
  }

  /** The page (again) shows this sheet: React may unmount and mount a page's effects. */
  attach(): void {
    this.closed = false;
  }

  setEditable(editable: boolean): void {
    this.editable = editable;
  }

  isClean(): boolean {
    return !this.dirty;
  }

  /** One rule's finding changed (null: removed), computed from the current one so that late callbacks lose nothing. */
  update(key: string, next: (prev: DraftFinding | undefined) => DraftFinding | null): void {
    if (!this.editable || this.closed) return;
    const copy = { ...this.findings };
    const value = next(copy[key]);
    if (value) copy[key] = value;
    else delete copy[key];
    this.findings = copy;
    this.changedHere();
  }

  /** An indicator marked examined (passed), or not. */
  mark(indicatorCode: string, examined: boolean): void {
    if (!this.editable || this.closed) return;
    const without = this.examined.filter((c) => c !== indicatorCode);
    this.examined = examined ? [...without, indicatorCode] : without;
    this.changedHere();
  }

  private changedHere(): void {
    this.dirty = true;
    if (!this.conflicted && this.state.kind !== "offline") this.state = { kind: "dirty" };
    void this.persist();
    this.schedule(AUTOSAVE_MS);
    this.deps.changed();
  }

  /**
   * Saves what is unsaved, after any save in flight; resolves when the sheet is saved or cannot be (offline,
   * conflict, error: see `state`).
   */
  async flush(): Promise<void> {
    this.cancelTimer();
    while (this.inflight) await this.inflight;
    if (!this.editable || !this.dirty || this.conflicted) return;
    this.inflight = this.saveOnce();
    try {
      await this.inflight;
    } finally {
      this.inflight = null;
    }
    // Typed while it was saving: save again soon.
    if (this.dirty && this.state.kind === "dirty") this.schedule(AUTOSAVE_MS);
  }

  /** The page read the task again: a newer version is taken over while nothing here is unsaved. */
  serverSeen(server: { version: number } & Sheet): void {
    if (server.version > this.latestSeen) this.latestSeen = server.version;
    if (this.dirty || this.inflight || this.conflicted || server.version <= this.base) {
      this.deps.changed();
      return;
    }
    this.base = server.version;
    this.findings = server.findings;
    this.examined = server.examined;
    this.state = { kind: "saved", version: server.version };
    this.deps.changed();
  }

  /** In conflict, "keep mine" may be tried once the server's newer version has been read. */
  canKeepMine(): boolean {
    return this.conflicted && this.latestSeen > this.base;
  }

  /** Keep mine: save it over the version the server has now. */
  async keepMine(): Promise<void> {
    if (!this.canKeepMine()) return;
    this.base = this.latestSeen;
    this.conflicted = false;
    this.dirty = true;
    await this.flush();
  }

  /** Load theirs: the server's sheet replaces mine, which is kept aside on this device to restore. */
  async loadTheirs(latest: { version: number } & Sheet): Promise<void> {
    const mine: Stored = {
      findings: this.findings,
      examined: this.examined,
      baseVersion: this.base,
      dirty: true,
      savedAt: Date.now(),
    };
    await this.deps.store.set(this.deps.keys.aside, mine);
    this.aside = mine;
    this.base = latest.version;
    this.latestSeen = Math.max(this.latestSeen, latest.version);
    this.findings = latest.findings;
    this.examined = latest.examined;
    this.dirty = false;
    this.conflicted = false;
    this.state = { kind: "saved", version: latest.version };
    await this.persist();
    this.deps.changed();
  }

  /** What was kept aside comes back as unsaved changes on top of the current version. */
  async restoreAside(): Promise<void> {
    if (!this.aside) return;
    const kept = this.aside;
    await this.deps.store.del(this.deps.keys.aside);
    this.aside = null;
    this.findings = kept.findings;
    this.examined = kept.examined ?? [];
    this.dirty = true;
    this.state = { kind: "dirty" };
    await this.persist();
    this.deps.changed();
    await this.flush();
  }

  /** Back online: try at once. */
  online(): void {
    if (this.dirty && !this.conflicted) this.schedule(0);
  }

  /** The page goes away: what is unsaved is sent once more (it is kept on the device in any case); no timers stay. */
  close(): void {
    if (this.dirty && !this.conflicted && !this.inflight && this.editable) void this.saveOnce().catch(() => {});
    this.closed = true;
    this.cancelTimer();
  }

  private async saveOnce(): Promise<void> {
    const sent = this.findings;
    const sentExamined = this.examined;
    this.state = { kind: "saving" };
    this.deps.changed();
    const r = await this.deps
      .save(toInput(sent), sentExamined, this.base)
      .catch((e: Error): SaveResult => ({ ok: false, code: "NETWORK", message: e.message }));
    if (r.ok) {
      this.base = r.version;
      this.latestSeen = Math.max(this.latestSeen, r.version);
      // Typed while it was on its way: still unsaved, flush() saves again.
      if (this.findings === sent && this.examined === sentExamined) this.dirty = false;
      this.state = this.dirty ? { kind: "dirty" } : { kind: "saved", version: r.version };
      await this.persist();
    } else if (r.code === "NETWORK") {
      this.state = { kind: "offline" };
      this.schedule(RETRY_MS);
    } else if (r.code === "CONFLICT") {
      this.conflicted = true;
      this.state = { kind: "conflict" };
    } else {
      this.state = { kind: "error", message: r.message };
    }
    this.deps.changed();
  }

  private persist(): Promise<void> {
    const stored: Stored = {
      findings: this.findings,
      examined: this.examined,
      baseVersion: this.base,
      dirty: this.dirty,
      savedAt: Date.now(),
    };
    return this.deps.store.set(this.deps.keys.draft, stored).catch(() => {});
  }

  private schedule(ms: number): void {
    if (this.closed) return;
    this.cancelTimer();
    this.timer = this.deps.setTimer(() => {
      this.timer = null;
      void this.flush();
    }, ms);
  }

  private cancelTimer(): void {
    if (this.timer !== null) this.deps.clearTimer(this.timer);
    this.timer = null;
  }
}
