import { createHash, randomBytes } from "node:crypto";
import jwt from "jsonwebtoken";

const ISSUER = "venue-assessment";

export function signSession(userId: number, secret: string, ttlMs: number): string {
  return jwt.sign({}, secret, { algorithm: "HS256", subject: String(userId), issuer: ISSUER, expiresIn: Math.floor(ttlMs / 1000) });
}

/** Tokens already verified, with their user and expiry: the signature check is the costliest step of a small request. */
const verified = new Map<string, { userId: number; expiresAt: number }>();
const VERIFIED_MAX = 10_000;

/** The user id of a valid session token, or null. */
export function verifySession(token: string, secret: string): number | null {
  const key = `${secret}\u0000${token}`;
  const hit = verified.get(key);
  if (hit && hit.expiresAt > Date.now()) return hit.userId;
  try {
    const payload = jwt.verify(token, secret, { algorithms: ["HS256"], issuer: ISSUER });
    const sub = typeof payload === "object" ? payload.sub : undefined;
    if (!sub || !/^\d+$/.test(sub)) return null;
    const exp = typeof payload === "object" && payload.exp ? payload.exp * 1000 : Date.now();
    if (verified.size >= VERIFIED_MAX) verified.clear();
    verified.set(key, { userId: Number(sub), expiresAt: Math.min(exp, Date.now() + 60_000) });
    return Number(sub);
  } catch {
    return null;
  }
}

/** API tokens: "sat_" and 32 random bytes; only their sha256 is stored. */
export const API_TOKEN_PREFIX = "sat_";
export const newApiToken = () => API_TOKEN_PREFIX + randomBytes(32).toString("base64url");
export const hashApiToken = (token: string) => createHash("sha256").update(token).digest("hex");
export const isApiToken = (token: string) => token.startsWith(API_TOKEN_PREFIX);
