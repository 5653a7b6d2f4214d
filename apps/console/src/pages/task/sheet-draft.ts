import { del, get, set } from "idb-keyval";
import { useCallback, useEffect, useRef, useState } from "react";
import { useMutation } from "urql";
import { graphql } from "../../gql";
import { errorCode, errorMessage } from "../../lib/client";
import type { UploadedEvidence } from "../../lib/files";

export const SaveFindings = graphql(`
  mutation TaskSheet_Save($taskId: ID!, $findings: [FindingInput!]!, $expectedVersion: Int) {
    saveFindings(taskId: $taskId, findings: $findings, expectedVersion: $expectedVersion) {
      id
      version
      status
      findings {
        id
        indicatorCode
        ruleCode
        occurrences
        note
        deduction
        evidence {
          id
          fileName
          contentType
          size
          url
        }
      }
      score {
        total
        deducted
        bonus
      }
    }
  }
`);

/** One rule's finding on the sheet (the console keeps one per rule, with its note and photos). */
export interface DraftFinding {
  indicatorCode: string;
  ruleCode: string;
  occurrences: number;
  note: string;
  evidence: Pick<UploadedEvidence, "id" | "fileName" | "contentType" | "url">[];
}

export type Findings = Record<string, DraftFinding>;

/** What is kept in the browser (IndexedDB) for a task: the sheet as typed, and the version it was based on. */
interface Stored {
  findings: Findings;
  baseVersion: number;
  dirty: boolean;
  savedAt: number;
}

export const ruleKey = (indicatorCode: string, ruleCode: string) => `${indicatorCode}/${ruleCode}`;

/** The server's findings, one per rule (several findings of one rule are merged: occurrences add up). */
export function fromServer(findings: readonly { indicatorCode: string; ruleCode: string; occurrences: number; note?: string | null; evidence: DraftFinding["evidence"] }[]): Findings {
  const out: Findings = {};
  for (const f of findings) {
    const key = ruleKey(f.indicatorCode, f.ruleCode);
    const prev = out[key];
    out[key] = prev
      ? { ...prev, occurrences: prev.occurrences + f.occurrences, note: [prev.note, f.note].filter(Boolean).join("；"), evidence: [...prev.evidence, ...f.evidence] }
      : { indicatorCode: f.indicatorCode, ruleCode: f.ruleCode, occurrences: f.occurrences, note: f.note ?? "", evidence: [...f.evidence] };
  }
  return out;
}

const toInput = (findings: Findings) =>
  Object.values(findings)
    .filter((f) => f.occurrences > 0)
    .map((f) => ({ indicatorCode: f.indicatorCode, ruleCode: f.ruleCode, occurrences: f.occurrences, note: f.note.trim() || null, evidenceIds: f.evidence.map((e) => e.id) }));

export type SaveState =
  | { kind: "saved"; version: number }
  | { kind: "dirty" }
  | { kind: "saving" }
  | { kind: "offline" }
  | { kind: "conflict" }
  | { kind: "error"; message: string };

const storeKey = (taskId: string) => `sheet:${taskId}`;
const asideKey = (taskId: string) => `sheet-aside:${taskId}`;
const AUTOSAVE_MS = 1200;
const RETRY_MS = 10_000;

/**
 * The sheet being filled in: every change is written to IndexedDB at once (a reload or a dropped connection
 * loses nothing) and saved to the server shortly after with `expectedVersion`. Offline, it waits and saves when
 * the connection is back; on CONFLICT (someone else saved first) it stops and lets the user choose.
 */
export function useSheetDraft(taskId: string, server: { version: number; findings: Findings }, editable: boolean) {
  const [findings, setFindings] = useState<Findings>(server.findings);
  const [state, setState] = useState<SaveState>({ kind: "saved", version: server.version });
  const [restored, setRestored] = useState(false);
  const [aside, setAside] = useState<Stored | null>(null);
  const [, save] = useMutation(SaveFindings);
  const base = useRef(server.version);
  const current = useRef(findings);
  const dirty = useRef(false);
  const saving = useRef(false);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const conflicted = useRef(false);

  const persist = useCallback(() => {
    const stored: Stored = { findings: current.current, baseVersion: base.current, dirty: dirty.current, savedAt: Date.now() };
    return set(storeKey(taskId), stored).catch(() => {});
  }, [taskId]);

  const flush = useCallback(async () => {
    clearTimeout(timer.current);
    if (!editable || !dirty.current || saving.current || conflicted.current) return;
    saving.current = true;
    setState({ kind: "saving" });
    const sent = current.current;
    const r = await save({ taskId, findings: toInput(sent), expectedVersion: base.current });
    saving.current = false;
    const code = errorCode(r.error);
    if (r.data) {
      base.current = r.data.saveFindings.version;
      if (current.current === sent) {
        dirty.current = false;
        setState({ kind: "saved", version: base.current });
      }
      await persist();
      if (dirty.current) timer.current = setTimeout(() => void flush(), AUTOSAVE_MS);
    } else if (code === "NETWORK") {
      setState({ kind: "offline" });
      timer.current = setTimeout(() => void flush(), RETRY_MS);
    } else if (code === "CONFLICT") {
      conflicted.current = true;
      setState({ kind: "conflict" });
    } else {
      setState({ kind: "error", message: errorMessage(r.error) });
    }
  }, [editable, save, taskId, persist]);

  // On opening: a draft left dirty in this browser comes back; based on an older version, it is a conflict.
  useEffect(() => {
    let cancelled = false;
    void Promise.all([get<Stored>(storeKey(taskId)), get<Stored>(asideKey(taskId))]).then(([stored, kept]) => {
      if (cancelled) return;
      if (kept) setAside(kept);
      if (!stored?.dirty || !editable) return;
      current.current = stored.findings;
      dirty.current = true;
      setFindings(stored.findings);
      setRestored(true);
      if (stored.baseVersion === base.current) {
        setState({ kind: "dirty" });
        void flush();
      } else {
        conflicted.current = true;
        setState({ kind: "conflict" });
      }
    });
    return () => {
      cancelled = true;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- once per task
  }, [taskId]);

  // A newer version read from the server (started, saved elsewhere) is taken over while nothing local is unsaved.
  useEffect(() => {
    if (dirty.current || saving.current || conflicted.current || server.version === base.current) return;
    base.current = server.version;
    current.current = server.findings;
    setFindings(server.findings);
    setState({ kind: "saved", version: server.version });
  }, [server.version, server.findings]);

  useEffect(() => {
    const online = () => void flush();
    window.addEventListener("online", online);
    return () => window.removeEventListener("online", online);
  }, [flush]);
  useEffect(() => () => clearTimeout(timer.current), []);

  const update = useCallback(
    (key: string, next: DraftFinding | null) => {
      const copy = { ...current.current };
      if (next) copy[key] = next;
      else delete copy[key];
      current.current = copy;
      dirty.current = true;
      setFindings(copy);
      if (!conflicted.current) setState(navigator.onLine ? { kind: "dirty" } : { kind: "offline" });
      void persist();
      clearTimeout(timer.current);
      timer.current = setTimeout(() => void flush(), AUTOSAVE_MS);
    },
    [persist, flush],
  );

  /** Keep mine: save it over the version the server has now. */
  const keepMine = useCallback(
    async (serverVersion: number) => {
      base.current = serverVersion;
      conflicted.current = false;
      dirty.current = true;
      await flush();
    },
    [flush],
  );

  /** Load theirs: the server's sheet replaces mine, which is kept aside in this browser to restore. */
  const loadTheirs = useCallback(
    async (latest: { version: number; findings: Findings }) => {
      const mine: Stored = { findings: current.current, baseVersion: base.current, dirty: true, savedAt: Date.now() };
      await set(asideKey(taskId), mine).catch(() => {});
      setAside(mine);
      base.current = latest.version;
      current.current = latest.findings;
      dirty.current = false;
      conflicted.current = false;
      setFindings(latest.findings);
      setState({ kind: "saved", version: latest.version });
      await persist();
    },
    [taskId, persist],
  );

  /** Bring back what was kept aside, as unsaved changes on top of the current version. */
  const restoreAside = useCallback(async () => {
    if (!aside) return;
    await del(asideKey(taskId)).catch(() => {});
    setAside(null);
    current.current = aside.findings;
    dirty.current = true;
    setFindings(aside.findings);
    setState({ kind: "dirty" });
    await persist();
    await flush();
  }, [aside, taskId, persist, flush]);

  return { findings, state, restored, aside: Boolean(aside), update, flush, keepMine, loadTheirs, restoreAside, isDirty: () => dirty.current };
}
