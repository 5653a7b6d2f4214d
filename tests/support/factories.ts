import { randomBytes } from "node:crypto";
import { UserEntity } from "@assess/data";
import type { Role, UnitKind, VenueType } from "@assess/domain";
import bcrypt from "bcryptjs";
import type { Api } from "./harness";
import { ok } from "./harness";

/** A suffix that keeps codes and usernames unique between tests sharing a database. */
export const uid = () => randomBytes(4).toString("hex");

export const PASSWORD = "test-pass-123";

export interface SignedIn {
  id: string;
  token: string;
  username: string;
}

/** Inserts a user directly (fast), then signs them in over HTTP. */
export async function user(
  api: Api,
  role: Role,
  where: { unitId?: string | null; venueId?: string | null } = {},
): Promise<SignedIn> {
  const username = `${role.toLowerCase()}_${uid()}`;
  const repo = api.ds.getRepository(UserEntity);
  let unitId = where.unitId ? Number(where.unitId) : null;
  if (where.venueId && !unitId) {
    const [v] = await api.ds.query("SELECT unit_id FROM venue WHERE id = ?", [Number(where.venueId)]);
    unitId = v.unit_id;
  }
  const u = await repo.save(
    repo.create({
      username,
      displayName: username,
      passwordHash: bcrypt.hashSync(PASSWORD, 4),
      role,
      unitId,
      venueId: where.venueId ? Number(where.venueId) : null,
    }),
  );
  const data = ok(
    await api.gql(`mutation($u: String!, $p: String!) { login(username: $u, password: $p) { token } }`, {
      u: username,
      p: PASSWORD,
    }),
  );
  return { id: String(u.id), token: data.login.token, username };
}

export async function unit(
  api: Api,
  admin: SignedIn,
  kind: UnitKind,
  parentId: string | null,
  name = `${kind} ${uid()}`,
): Promise<string> {
  const data = ok(
    await api.gql(
      `mutation($i: CreateUnitInput!) { createUnit(input: $i) { id } }`,
      { i: { code: `${kind.toLowerCase()}-${uid()}`, name, kind, parentId } },
      admin.token,
    ),
  );
  return data.createUnit.id;
}

export async function venue(
  api: Api,
  admin: SignedIn,
  type: VenueType,
  unitId: string,
  name = `${type} ${uid()}`,
): Promise<string> {
  const data = ok(
    await api.gql(
      `mutation($i: CreateVenueInput!) { createVenue(input: $i) { id } }`,
      { i: { code: `v-${uid()}`, name, type, unitId } },
      admin.token,
    ),
  );
  return data.createVenue.id;
}

/** The campaign of a year, created once per database (one campaign a year). */
export async function campaign(api: Api, admin: SignedIn, year = 2024): Promise<string> {
  const existing = ok(await api.gql(`{ campaigns { id year } }`, {}, admin.token)).campaigns.find(
    (c: { year: number }) => c.year === year,
  );
  if (existing) return existing.id;
  const r = await api.gql(
    `mutation($i: CreateCampaignInput!) { createCampaign(input: $i) { id } }`,
    { i: { year, name: `${year}年考核` } },
    admin.token,
  );
  if (r.errors) return campaign(api, admin, year);
  return r.data.createCampaign.id;
}

/** A small city of its own: a district with a comprehensive centre, a township and a village with their venues. */
export async function city(api: Api) {
  const admin = await user(api, "CITY_ADMIN");
  const cityId = await unit(api, admin, "CITY", null);
  const districtId = await unit(api, admin, "DISTRICT", cityId);
  const townshipId = await unit(api, admin, "TOWNSHIP", districtId);
  const villageId = await unit(api, admin, "VILLAGE", townshipId);
  const departmentId = await unit(api, admin, "DEPARTMENT", cityId);
  const venues = {
    cityCenter: await venue(api, admin, "COMPREHENSIVE_CENTER", cityId),
    districtCenter: await venue(api, admin, "COMPREHENSIVE_CENTER", districtId),
    districtSubcenter: await venue(api, admin, "PROFESSIONAL_SUBCENTER", districtId),
    departmentSubcenter: await venue(api, admin, "PROFESSIONAL_SUBCENTER", departmentId),
    convenienceCenter: await venue(api, admin, "CONVENIENCE_CENTER", townshipId),
    station: await venue(api, admin, "CONVENIENCE_STATION", villageId),
  };
  const campaignId = await campaign(api, admin);
  return { admin, cityId, districtId, townshipId, villageId, departmentId, venues, campaignId };
}
