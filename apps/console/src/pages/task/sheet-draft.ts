import { del, get, set } from "idb-keyval";
import { useEffect, useMemo, useReducer, useRef } from "react";
import { useMutation } from "urql";
import { graphql } from "../../gql";
import { errorCode, errorMessage } from "../../lib/client";
import { SheetSaver, type SaveResult, type Sheet } from "./sheet-saver";

export { fromServer, ruleKey, type DraftFinding, type Findings, type SaveState, type Sheet } from "./sheet-saver";

export const SaveSheet = graphql(`
  mutation TaskSheet_Save($taskId: ID!, $findings: [FindingInput!]!, $examined: [String!]!, $expectedVersion: Int) {
    saveSheet(taskId: $taskId, findings: $findings, examined: $examined, expectedVersion: $expectedVersion) {
      id
      version
    }
  }
`);

/** Where a user's drafts live on this device (IndexedDB), so that another user of a shared device never sees them. */
export const draftKeys = (userId: string, taskId: string) => ({
  draft: `sheet:${userId}:${taskId}`,
  aside: `sheet-aside:${userId}:${taskId}`,
});

/**
 * The sheet of a task as the page shows and edits it: a SheetSaver (the rules, tested apart) bound to urql,
 * IndexedDB and the page's life. `fresh` is false while the page shows a cached answer: the draft kept on this
 * device is compared with the server's version only once the server has answered.
 */
export function useSheetDraft(
  userId: string,
  taskId: string,
  server: { version: number } & Sheet,
  editable: boolean,
  fresh: boolean,
) {
  const [, save] = useMutation(SaveSheet);
  const [, render] = useReducer((n: number) => n + 1, 0);
  const saveRef = useRef(save);
  saveRef.current = save;
  const saver = useMemo(
    () =>
      new SheetSaver(
        {
          save: async (findings, examined, expectedVersion): Promise<SaveResult> => {
            const r = await saveRef.current({ taskId, findings, examined, expectedVersion });
            if (r.data) return { ok: true, version: r.data.saveSheet.version };
            return { ok: false, code: errorCode(r.error) ?? "INTERNAL_SERVER_ERROR", message: errorMessage(r.error) };
          },
          store: { get: (k) => get(k), set: (k, v) => set(k, v), del: (k) => del(k) },
          keys: draftKeys(userId, taskId),
          setTimer: (fn, ms) => setTimeout(fn, ms),
          clearTimer: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
          changed: render,
        },
        server,
        editable,
      ),
    // One saver per task and user; later versions reach it through serverSeen.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [userId, taskId],
  );

  const opened = useRef(false);
  useEffect(() => {
    saver.setEditable(editable);
  }, [saver, editable]);
  useEffect(() => {
    if (!fresh) return;
    if (!opened.current) {
      opened.current = true;
      void saver.open();
    } else saver.serverSeen(server);
  }, [saver, fresh, server]);
  useEffect(() => {
    saver.attach();
    const online = () => saver.online();
    const hide = () => saver.close();
    window.addEventListener("online", online);
    window.addEventListener("pagehide", hide);
    return () => {
      window.removeEventListener("online", online);
      window.removeEventListener("pagehide", hide);
      saver.close();
    };
  }, [saver]);
  return saver;
}
