import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from "react";
import { MESSAGES, type MessageKey } from "./messages";

export type Locale = "zh" | "en";
const KEY = "assess.locale";

const initial = (): Locale => {
  const l: Locale = localStorage.getItem(KEY) === "en" ? "en" : "zh";
  document.documentElement.lang = l === "zh" ? "zh-CN" : "en";
  document.title = MESSAGES["app.title"][l === "zh" ? 0 : 1];
  return l;
};

export type T = (key: MessageKey, vars?: Record<string, string | number>) => string;

interface I18nValue {
  locale: Locale;
  setLocale(l: Locale): void;
  t: T;
}

const I18nContext = createContext<I18nValue | null>(null);

/** Chinese first; English when the user switches (kept in this browser). */
export function I18nProvider({ children }: { children: ReactNode }) {
  const [locale, set] = useState<Locale>(initial);
  const setLocale = useCallback((l: Locale) => {
    localStorage.setItem(KEY, l);
    document.documentElement.lang = l === "zh" ? "zh-CN" : "en";
    document.title = MESSAGES["app.title"][l === "zh" ? 0 : 1];
    set(l);
  }, []);
  const t = useCallback<T>(
    (key, vars) => {
      const text = MESSAGES[key]?.[locale === "zh" ? 0 : 1] ?? key;
      return vars ? text.replace(/\{(\w+)\}/g, (_, k: string) => String(vars[k] ?? "")) : text;
    },
    [locale],
  );
  const value = useMemo(() => ({ locale, setLocale, t }), [locale, setLocale, t]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18nValue {
  const v = useContext(I18nContext);
  if (!v) throw new Error("useI18n outside I18nProvider");
  return v;
}

/** The label of an enum value (TaskKind, TaskStatus, VenueType, …), or the value itself when it has none. */
export function useEnumLabel() {
  const { t } = useI18n();
  return useCallback(
    (enumName: string, value: string | null | undefined) => (value ? t(`${enumName}.${value}` as MessageKey) : "—"),
    [t],
  );
}
