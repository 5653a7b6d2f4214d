import { UnitEntity, VenueEntity } from "@assess/data";
import {
  DomainError,
  UnitKind,
  VenueType,
  checkUnitParent,
  checkVenueCommunity,
  checkVenueUnit,
  childPath,
  conflict,
  forbidden,
  isWithin,
  mayManageUnits,
} from "@assess/domain";
import type { DataSource, EntityManager } from "typeorm";
import { inTransaction } from "../common/transaction";
import { text } from "../common/ids";
import { Page, PageRequest, toPage } from "../common/pagination";
import type { Principal } from "../common/principal";
import { FROM, likePrefix, unitScope, venueScope } from "../access/rules";
import { requireVisible } from "../access/visible";
import { underUnit } from "../common/unit-filter";

/** The most units a search answers: a picker shows the first few, and the user types more. */
export const UNIT_SEARCH_LIMIT = 50;

const CODE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

function code(value: string, field = "code"): string {
  const c = value.trim();
  if (!CODE.test(c))
    throw new DomainError(
      "BAD_USER_INPUT",
      `${field}: "${value}" must be 1–64 letters, digits, dots, dashes or underscores`,
      field,
    );
  return c;
}

const isDuplicate = (e: unknown) => (e as { code?: string }).code === "ER_DUP_ENTRY";

/** Only the city admin and unit managers change the tree; others are refused before anything is looked up. */
function managerOrAdmin(p: Principal, what: string): void {
  if (p.role !== "CITY_ADMIN" && p.role !== "UNIT_MANAGER")
    throw forbidden(`only the city admin and unit managers ${what}`);
}

/** Units (the city, its districts and departments, townships, villages) and the venues attached to them. */
export class UnitService {
  constructor(private readonly ds: DataSource) {}

  /** A unit the principal may see, or NOT_FOUND. */
  async visibleUnit(p: Principal, id: number, m: EntityManager = this.ds.manager, field?: string): Promise<UnitEntity> {
    await requireVisible(m, p, "unit", id, field);
    return m.getRepository(UnitEntity).findOneByOrFail({ id });
  }

  async visibleVenue(p: Principal, id: number, m: EntityManager = this.ds.manager): Promise<VenueEntity> {
    await requireVisible(m, p, "venue", id);
    return m.getRepository(VenueEntity).findOneByOrFail({ id });
  }

  /**
   * Units whose parent is `parentId`, or the principal's top units when absent. With `search` (a LIKE pattern), the
   * visible units anywhere in scope (below `parentId` when given) whose name or code contains it: at most 50, by path.
   */
  async units(p: Principal, parentId: number | null, search: string | null = null): Promise<UnitEntity[]> {
    const scope = unitScope(p);
    let where: string;
    const params: unknown[] = [];
    let tail = "ORDER BY un.id";
    if (search !== null) {
      where = "(un.name LIKE ? OR un.code LIKE ?)";
      params.push(search, search);
      if (parentId !== null) {
        // Paths are digits and slashes: nothing in them for LIKE to read as a wildcard.
        where += " AND un.path LIKE CONCAT((SELECT pa.path FROM unit pa WHERE pa.id = ?), '%') AND un.id <> ?";
        params.push(parentId, parentId);
      }
      tail = `ORDER BY un.path LIMIT ${UNIT_SEARCH_LIMIT}`;
    } else if (parentId !== null) {
      where = "un.parent_id = ?";
      params.push(parentId);
    } else if (p.role === "CITY_ADMIN" || (p.role === "INTEGRATOR" && p.unitPath === null)) {
      where = "un.parent_id IS NULL";
    } else if (p.unitId !== null && (p.role === "UNIT_MANAGER" || p.role === "INTEGRATOR")) {
      where = "un.id = ?";
      params.push(p.unitId);
    } else {
      where = "1=1";
    }
    return this.ds
      .getRepository(UnitEntity)
      .query(`SELECT un.* FROM ${FROM.unit} WHERE ${where} AND ${scope.sql} ${tail}`, [...params, ...scope.params])
      .then((rows: Record<string, unknown>[]) =>
        rows.map((r) => this.ds.getRepository(UnitEntity).create(mapUnitRow(r))),
      );
  }

  async createUnit(
    p: Principal,
    input: { code: string; name: string; kind: UnitKind; parentId: number | null },
  ): Promise<UnitEntity> {
    managerOrAdmin(p, "create units");
    const c = code(input.code);
    const name = text(input.name, "name");
    return inTransaction(this.ds, async (m) => {
      const parent = input.parentId === null ? null : await this.visibleUnit(p, input.parentId, m, "parentId");
      if (parent ? !mayManageUnits(p, parent.path) : p.role !== "CITY_ADMIN") {
        throw forbidden("only the city admin creates units outside their own unit");
      }
      checkUnitParent(input.kind, (parent?.kind as UnitKind | undefined) ?? null);
      if (parent && !parent.active)
        throw new DomainError("BAD_USER_INPUT", `parentId: unit ${parent.id} is deactivated`, "parentId");
      const repo = m.getRepository(UnitEntity);
      let unit: UnitEntity;
      try {
        unit = await repo.save(
          repo.create({ code: c, name, kind: input.kind, parentId: parent?.id ?? null, path: "/" }),
        );
      } catch (e) {
        if (isDuplicate(e)) throw conflict(`code: a unit with code "${c}" exists`, "code");
        throw e;
      }
      unit.path = childPath(parent?.path ?? null, unit.id);
      await repo.update({ id: unit.id }, { path: unit.path });
      return unit;
    });
  }

  /** Rename, move (the subtree follows) or deactivate a unit. */
  async updateUnit(
    p: Principal,
    id: number,
    input: { name?: string | null; parentId?: number | null; active?: boolean | null },
  ): Promise<UnitEntity> {
    managerOrAdmin(p, "change units");
    return inTransaction(this.ds, async (m) => {
      const unit = await this.visibleUnit(p, id, m);
      if (p.role !== "CITY_ADMIN" && (unit.id === p.unitId || !mayManageUnits(p, unit.path))) {
        throw forbidden("a manager changes the units below their own, not their own");
      }
      const repo = m.getRepository(UnitEntity);
      if (input.name !== undefined && input.name !== null) unit.name = text(input.name, "name");
      if (input.active !== undefined && input.active !== null) unit.active = input.active;
      if (input.parentId !== undefined && input.parentId !== null && input.parentId !== unit.parentId) {
        const parent = await this.visibleUnit(p, input.parentId, m, "parentId");
        if (!mayManageUnits(p, parent.path)) throw forbidden("the new parent is outside your unit");
        if (isWithin(parent.path, unit.path))
          throw new DomainError("BAD_USER_INPUT", "parentId: a unit cannot move under itself", "parentId");
        checkUnitParent(unit.kind as UnitKind, parent.kind as UnitKind);
        const oldPath = unit.path;
        const newPath = childPath(parent.path, unit.id);
        await m.query("UPDATE unit SET path = CONCAT(?, SUBSTRING(path, ?)) WHERE path LIKE ?", [
          newPath,
          oldPath.length + 1,
          likePrefix(oldPath),
        ]);
        unit.parentId = parent.id;
        unit.path = newPath;
      }
      await repo.save(unit);
      return unit;
    });
  }

  async createVenue(
    p: Principal,
    input: { code: string; name: string; type: VenueType; unitId: number; community?: boolean | null },
  ): Promise<VenueEntity> {
    managerOrAdmin(p, "create venues");
    const c = code(input.code);
    const name = text(input.name, "name");
    const community = input.community ?? false;
    checkVenueCommunity(input.type, community);
    return inTransaction(this.ds, async (m) => {
      const unit = await this.visibleUnit(p, input.unitId, m, "unitId");
      if (!mayManageUnits(p, unit.path)) throw forbidden("venues are created within your own unit");
      checkVenueUnit(input.type, unit.kind as UnitKind);
      if (!unit.active) throw new DomainError("BAD_USER_INPUT", `unitId: unit ${unit.id} is deactivated`, "unitId");
      const repo = m.getRepository(VenueEntity);
      try {
        return await repo.save(repo.create({ code: c, name, type: input.type, unitId: unit.id, community }));
      } catch (e) {
        if (isDuplicate(e)) throw conflict(`code: a venue with code "${c}" exists`, "code");
        throw e;
      }
    });
  }

  async updateVenue(
    p: Principal,
    id: number,
    input: { name?: string | null; unitId?: number | null; active?: boolean | null; community?: boolean | null },
  ): Promise<VenueEntity> {
    managerOrAdmin(p, "change venues");
    return inTransaction(this.ds, async (m) => {
      const venue = await this.visibleVenue(p, id, m);
      const unit = await m.getRepository(UnitEntity).findOneByOrFail({ id: venue.unitId });
      if (!mayManageUnits(p, unit.path)) throw forbidden("you do not manage this venue");
      if (input.name !== undefined && input.name !== null) venue.name = text(input.name, "name");
      if (input.active !== undefined && input.active !== null) venue.active = input.active;
      if (input.community !== undefined && input.community !== null) {
        checkVenueCommunity(venue.type as VenueType, input.community);
        venue.community = input.community;
      }
      if (input.unitId !== undefined && input.unitId !== null && input.unitId !== venue.unitId) {
        const target = await this.visibleUnit(p, input.unitId, m, "unitId");
        if (!mayManageUnits(p, target.path)) throw forbidden("the new unit is outside your unit");
        checkVenueUnit(venue.type as VenueType, target.kind as UnitKind);
        venue.unitId = target.id;
        // Tasks and the venue's staff follow their venue, so that scope by unit stays true.
        await m.query("UPDATE task SET unit_id = ? WHERE venue_id = ?", [target.id, venue.id]);
        await m.query("UPDATE user SET unit_id = ? WHERE venue_id = ?", [target.id, venue.id]);
      }
      await m.getRepository(VenueEntity).save(venue);
      return venue;
    });
  }

  async venues(
    p: Principal,
    filter: { unitId: number | null; type: VenueType | null; search: string | null },
    page: PageRequest,
  ): Promise<Page<VenueEntity>> {
    const scope = venueScope(p);
    const where = [scope.sql];
    const params = [...scope.params];
    if (filter.unitId !== null) {
      const under = await underUnit(this.ds, filter.unitId, "vu");
      where.push(under.sql);
      params.push(...under.params);
    }
    if (filter.type) {
      where.push("v.type = ?");
      params.push(filter.type);
    }
    if (filter.search && filter.search.trim()) {
      where.push("(v.name LIKE ? OR v.code LIKE ?)");
      const s = `%${filter.search.trim().replace(/[\\%_]/g, "\\$&")}%`;
      params.push(s, s);
    }
    // Venues in id order and the page only (STRAIGHT_JOIN); counted only when the client asks for totalCount.
    const from = `FROM venue v STRAIGHT_JOIN unit vu ON vu.id = v.unit_id WHERE ${where.join(" AND ")}`;
    const rows: Record<string, unknown>[] = await this.ds.query(
      `SELECT v.* ${from}${page.afterId !== null ? " AND v.id > ?" : ""} ORDER BY v.id LIMIT ?`,
      [...params, ...(page.afterId !== null ? [page.afterId] : []), page.first + 1],
    );
    const repo = this.ds.getRepository(VenueEntity);
    const count = () =>
      this.ds
        .query(`SELECT COUNT(*) AS n ${from.replace("STRAIGHT_JOIN", "JOIN")}`, params)
        .then((r: { n: unknown }[]) => Number(r[0]!.n));
    return toPage(
      rows.map((r) => repo.create(mapVenueRow(r))),
      page,
      count,
    );
  }
}

export function mapUnitRow(r: Record<string, unknown>): Partial<UnitEntity> {
  return {
    id: r.id as number,
    code: r.code as string,
    name: r.name as string,
    kind: r.kind as string,
    parentId: (r.parent_id as number | null) ?? null,
    path: r.path as string,
    active: Boolean(r.active),
    createdAt: r.created_at as Date,
    updatedAt: r.updated_at as Date,
  };
}

export function mapVenueRow(r: Record<string, unknown>): Partial<VenueEntity> {
  return {
    id: r.id as number,
    code: r.code as string,
    name: r.name as string,
    type: r.type as string,
    unitId: r.unit_id as number,
    active: Boolean(r.active),
    community: Boolean(r.community),
    createdAt: r.created_at as Date,
    updatedAt: r.updated_at as Date,
  };
}
