import bcrypt from "bcryptjs";
import { badInput } from "@assess/domain";

export const MIN_PASSWORD_LENGTH = 8;

export function checkPassword(password: string, field = "password"): void {
  if (password.length < MIN_PASSWORD_LENGTH) throw badInput(field, `must be at least ${MIN_PASSWORD_LENGTH} characters`);
  if (password.length > 72) throw badInput(field, "must be at most 72 characters");
}

export const hashPassword = (password: string, rounds: number) => bcrypt.hash(password, rounds);
export const verifyPassword = (password: string, hash: string) => bcrypt.compare(password, hash);

/** A hash to compare against when the user does not exist, so that timing does not tell which usernames exist. */
export const DUMMY_HASH = "$2b$10$CwTycUXWue0Thq9StjUM0uJ8.jm1p1DR5f8X9zq1Jwq5Kp4xGxZyS";
