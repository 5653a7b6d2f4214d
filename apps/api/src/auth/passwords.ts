import { badInput } from "@assess/domain";
import { COMMON_PASSWORDS } from "./common-passwords";
import { compareInPool, hashInPool } from "./hash-pool";

export const MIN_PASSWORD_LENGTH = 8;
/** bcrypt reads at most 72 bytes: a longer password would be compared on its first 72 bytes only. */
export const MAX_PASSWORD_BYTES = 72;

/**
 * The password policy: at least 8 characters, at most 72 bytes (UTF-8), not a commonly used password, not the
 * username, not one character repeated. Each refusal names the field and says why.
 */
export function checkPassword(password: string, field = "password", username?: string): void {
  if ([...password].length < MIN_PASSWORD_LENGTH)
    throw badInput(field, `must be at least ${MIN_PASSWORD_LENGTH} characters`);
  if (Buffer.byteLength(password, "utf8") > MAX_PASSWORD_BYTES) {
    throw badInput(field, `must be at most ${MAX_PASSWORD_BYTES} bytes (UTF-8; a Chinese character takes 3)`);
  }
  const lower = password.toLowerCase();
  if (COMMON_PASSWORDS.has(lower)) throw badInput(field, "is one of the most commonly used passwords; choose another");
  if (new Set(lower).size === 1) throw badInput(field, "must not be one character repeated");
  if (username && lower.includes(username.toLowerCase())) throw badInput(field, "must not contain the username");
}

/** Hashing and checking run in worker threads (hash-pool.ts), never on the event loop. */
export const hashPassword = (password: string, rounds: number) => hashInPool(password, rounds);
export const verifyPassword = (password: string, hash: string) => compareInPool(password, hash);

/** A hash to compare against when the user does not exist, so that timing does not tell which usernames exist. */
export const DUMMY_HASH = "$2b$10$CwTycUXWue0Thq9StjUM0uJ8.jm1p1DR5f8X9zq1Jwq5Kp4xGxZyS";
