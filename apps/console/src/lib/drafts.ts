import { del, entries } from "idb-keyval";

/**
 * On sign-out, the sheets this user saved are forgotten on this device (a shared office PC); drafts not yet saved
 * stay, under this user's name only, for when they sign in again.
 */
export async function forgetSavedDrafts(userId: string): Promise<void> {
  const all = await entries<string, { dirty?: boolean }>().catch(() => []);
  await Promise.all(
    all
      .filter(
        ([k, v]) =>
          typeof k === "string" &&
          (k.startsWith(`sheet:${userId}:`) || k.startsWith(`sheet-aside:${userId}:`)) &&
          !v?.dirty,
      )
      .map(([k]) => del(k)),
  );
}
