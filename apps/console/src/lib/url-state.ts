import { useCallback, useEffect, useRef } from "react";
import { useSearchParams } from "react-router";

/**
 * Filters and the page kept in the URL, so that a list can be linked, reloaded and gone back to.
 * `cursors` is the stack of `after` cursors of the pages before this one: next pushes, previous pops.
 */
export function useUrlState<K extends string>(
  keys: readonly K[],
  allowed: Partial<Record<K, readonly string[]>> = {},
  context: string | null = null,
) {
  const [params, setParams] = useSearchParams();
  // A value the list cannot filter by (a hand-edited or outdated link) is ignored rather than sent.
  const values = Object.fromEntries(
    keys.map((k) => {
      const v = params.get(k);
      const ok = allowed[k];
      return [k, v !== null && ok && !ok.includes(v) ? null : v];
    }),
  ) as Record<K, string | null>;
  const cursors = params.get("cursors")?.split(",").filter(Boolean) ?? [];

  const set = useCallback(
    (patch: Partial<Record<K, string | null | undefined>>) =>
      setParams((prev) => {
        const next = new URLSearchParams(prev);
        for (const [k, v] of Object.entries(patch) as [string, string | null | undefined][]) {
          if (v === null || v === undefined || v === "") next.delete(k);
          else next.set(k, v);
        }
        next.delete("cursors"); // a new filter starts at the first page
        return next;
      }),
    [setParams],
  );

  const page = useCallback(
    (cursorStack: string[]) =>
      setParams((prev) => {
        const next = new URLSearchParams(prev);
        if (cursorStack.length) next.set("cursors", cursorStack.join(","));
        else next.delete("cursors");
        return next;
      }),
    [setParams],
  );

  // Another campaign: its pages start at the first (the cursors were of the other's list).
  const seen = useRef(context);
  useEffect(() => {
    if (seen.current !== context && cursors.length) page([]);
    seen.current = context;
  }, [context, cursors.length, page]);

  return {
    values,
    set,
    after: cursors[cursors.length - 1] ?? null,
    pageNumber: cursors.length + 1,
    next: (endCursor: string) => page([...cursors, endCursor]),
    prev: () => page(cursors.slice(0, -1)),
    reset: () => setParams(new URLSearchParams()),
  };
}
