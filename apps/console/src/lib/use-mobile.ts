import { useSyncExternalStore } from "react";

const query = "(max-width: 767px)";
const subscribe = (cb: () => void) => {
  const m = window.matchMedia(query);
  m.addEventListener("change", cb);
  return () => m.removeEventListener("change", cb);
};

/** A phone-sized window: lists become cards, controls grow to 44 px. */
export const useIsMobile = () => useSyncExternalStore(subscribe, () => window.matchMedia(query).matches);

const onlineSubscribe = (cb: () => void) => {
  window.addEventListener("online", cb);
  window.addEventListener("offline", cb);
  return () => {
    window.removeEventListener("online", cb);
    window.removeEventListener("offline", cb);
  };
};

/** What the browser knows of the connection; a failed request is the other signal. */
export const useOnline = () => useSyncExternalStore(onlineSubscribe, () => navigator.onLine);
