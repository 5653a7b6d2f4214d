import { createHash, randomBytes } from "node:crypto";
import jwt from "jsonwebtoken";

const ISSUER = "venue-assessment";

/** A session token: the user and their session version (`sv`), which a password change or deactivation raises. */
export function signSession(userId: number, sessionVersion: number, secret: string, ttlMs: number): string {
  return jwt.sign({ sv: sessionVersion }, secret, {
    algorithm: "HS256",
    subject: String(userId),
    issuer: ISSUER,
    expiresIn: Math.floor(ttlMs / 1000),
  });
}

/** Why a token does not sign anyone in: past its time, ended (a password change, deactivation, revocation), or not ours. */
export type TokenFailure = "expired" | "ended" | "invalid";

export type VerifiedSession = { userId: number; sessionVersion: number } | { failure: TokenFailure };

/**
 * Signatures already checked, with the claims and expiry: the signature check is the costliest step of a small
 * request. Only the signature is cached; whether the session still stands is read from the database every time.
 */
const verified = new Map<string, { userId: number; sessionVersion: number; expiresAt: number }>();
const VERIFIED_MAX = 10_000;

export function verifySession(token: string, secret: string): VerifiedSession {
  const key = `${secret}\u0000${token}`;
  const hit = verified.get(key);
  if (hit && hit.expiresAt > Date.now()) return { userId: hit.userId, sessionVersion: hit.sessionVersion };
  try {
    const payload = jwt.verify(token, secret, { algorithms: ["HS256"], issuer: ISSUER });
    const sub = typeof payload === "object" ? payload.sub : undefined;
    if (!sub || !/^\d+$/.test(sub)) return { failure: "invalid" };
    const sv = typeof payload === "object" && Number.isInteger(payload.sv) ? (payload.sv as number) : 0;
    const exp = typeof payload === "object" && payload.exp ? payload.exp * 1000 : Date.now();
    if (verified.size >= VERIFIED_MAX) verified.clear();
    verified.set(key, { userId: Number(sub), sessionVersion: sv, expiresAt: Math.min(exp, Date.now() + 60_000) });
    return { userId: Number(sub), sessionVersion: sv };
  } catch (e) {
    return { failure: e instanceof jwt.TokenExpiredError ? "expired" : "invalid" };
  }
}

/** API tokens: "sat_" and 32 random bytes; only their sha256 is stored. */
export const API_TOKEN_PREFIX = "sat_";
export const newApiToken = () => API_TOKEN_PREFIX + randomBytes(32).toString("base64url");
export const hashApiToken = (token: string) => createHash("sha256").update(token).digest("hex");
export const isApiToken = (token: string) => token.startsWith(API_TOKEN_PREFIX);
