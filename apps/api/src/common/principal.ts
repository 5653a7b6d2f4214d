import type { Actor, Role, UnitKind } from "@assess/domain";

/** Who asks: resolved once per request from the bearer token. */
export interface Principal extends Actor {
  userId: number;
  role: Role;
  unitId: number | null;
  /** Materialised path of the user's unit ("/1/7/"); null for a user without a unit. */
  unitPath: string | null;
  unitKind: UnitKind | null;
  venueId: number | null;
  /** Signed in with an API token (read-only). */
  viaApiToken: boolean;
  /** Signed in with a temporary password: nothing but changePassword until it is changed. */
  mustChangePassword?: boolean;
}
