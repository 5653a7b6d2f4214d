import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from "react";

/** The signed-in user as the console needs it; the server still decides every request. */
export interface SessionUser {
  id: string;
  username: string;
  displayName: string;
  role: "CITY_ADMIN" | "UNIT_MANAGER" | "ASSESSOR" | "VENUE_STAFF" | "INTEGRATOR";
  unit: { id: string; name: string; kind: string } | null;
  venue: { id: string; name: string; type: string } | null;
  /** Signed in with a temporary password: it is changed before anything else. */
  mustChangePassword?: boolean;
}

interface Stored {
  token: string;
  user: SessionUser;
}

const KEY = "assess.session";

export function readSession(): Stored | null {
  try {
    const raw = localStorage.getItem(KEY);
    return raw ? (JSON.parse(raw) as Stored) : null;
  } catch {
    return null;
  }
}

export const currentToken = () => readSession()?.token ?? null;

interface SessionValue {
  token: string | null;
  user: SessionUser | null;
  signIn(token: string, user: SessionUser): void;
  signOut(): void;
}

const SessionContext = createContext<SessionValue | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [stored, setStored] = useState<Stored | null>(readSession);
  const signIn = useCallback((token: string, user: SessionUser) => {
    const s = { token, user };
    localStorage.setItem(KEY, JSON.stringify(s));
    setStored(s);
  }, []);
  const signOut = useCallback(() => {
    localStorage.removeItem(KEY);
    setStored(null);
  }, []);
  // Signed in or out in another tab of this browser: this tab follows, rather than act as someone it does not show.
  useEffect(() => {
    const other = (e: StorageEvent) => {
      if (e.key === KEY && readSession()?.token !== stored?.token) location.reload();
    };
    window.addEventListener("storage", other);
    return () => window.removeEventListener("storage", other);
  }, [stored]);
  const value = useMemo(
    () => ({ token: stored?.token ?? null, user: stored?.user ?? null, signIn, signOut }),
    [stored, signIn, signOut],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionValue {
  const v = useContext(SessionContext);
  if (!v) throw new Error("useSession outside SessionProvider");
  return v;
}

/** The signed-in user; only for pages behind the sign-in guard. */
export function useUser(): SessionUser {
  const { user } = useSession();
  if (!user) throw new Error("useUser without a session");
  return user;
}

/** What the console offers each role; the API refuses the rest whatever the console shows. */
export const can = {
  manage: (u: SessionUser) => u.role === "CITY_ADMIN" || u.role === "UNIT_MANAGER",
  admin: (u: SessionUser) => u.role === "CITY_ADMIN",
  seeUnits: (u: SessionUser) => u.role === "CITY_ADMIN" || u.role === "UNIT_MANAGER" || u.role === "INTEGRATOR",
  seeEvaluation: (u: SessionUser) => u.role === "CITY_ADMIN" || u.role === "UNIT_MANAGER" || u.role === "INTEGRATOR",
};
