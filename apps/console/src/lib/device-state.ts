import { del, get, set } from "idb-keyval";
import { useCallback, useEffect, useRef, useState } from "react";

/**
 * State kept on this device (IndexedDB) as well as in the page: a report being written or the photos picked for it
 * survive a reload or a lost connection, as the scoring sheet does. `clear` forgets it once it has been sent.
 */
export function useDeviceState<T>(key: string, initial: T): [T, (next: (prev: T) => T) => void, () => void] {
  const [value, setValue] = useState<T>(initial);
  const touched = useRef(false);
  useEffect(() => {
    let gone = false;
    void get<T>(key)
      .then((kept) => {
        if (!gone && kept !== undefined && !touched.current) setValue(kept);
      })
      .catch(() => {});
    return () => {
      gone = true;
    };
  }, [key]);
  const update = useCallback(
    (next: (prev: T) => T) => {
      touched.current = true;
      setValue((prev) => {
        const v = next(prev);
        void set(key, v).catch(() => {});
        return v;
      });
    },
    [key],
  );
  const clear = useCallback(() => {
    void del(key).catch(() => {});
    setValue(initial);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- initial is the empty form
  }, [key]);
  return [value, update, clear];
}
