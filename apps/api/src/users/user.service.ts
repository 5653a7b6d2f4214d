import type { Config } from "@assess/config";
import { UnitEntity, UserEntity, VenueEntity } from "@assess/data";
import { DomainError, Role, badInput, conflict, forbidden, mayCreateUser, notFound } from "@assess/domain";
import type { DataSource } from "typeorm";
import { checkPassword, hashPassword } from "../auth/passwords";
import { text } from "../common/ids";
import type { Principal } from "../common/principal";
import { FROM, likePrefix, userScope } from "../access/rules";

const USERNAME = /^[A-Za-z0-9][A-Za-z0-9._@-]{1,63}$/;

export interface CreateUser {
  username: string;
  displayName: string;
  password: string;
  role: Role;
  unitId: number | null;
  venueId: number | null;
}

export class UserService {
  constructor(
    private readonly ds: DataSource,
    private readonly config: Config,
  ) {}

  async createUser(p: Principal, input: CreateUser): Promise<UserEntity> {
    const username = input.username.trim();
    if (!USERNAME.test(username)) throw badInput("username", "must be 2–64 letters, digits, dots, dashes, underscores or @");
    const displayName = text(input.displayName, "displayName", 100);
    checkPassword(input.password, "password", username);
    return this.ds.transaction(async (m) => {
      let unit: UnitEntity | null = null;
      let venue: VenueEntity | null = null;
      if (input.venueId !== null) {
        venue = await m.getRepository(VenueEntity).findOneBy({ id: input.venueId });
        if (!venue) throw new DomainError("NOT_FOUND", `venueId: venue ${input.venueId} not found`, "venueId");
        unit = await m.getRepository(UnitEntity).findOneByOrFail({ id: venue.unitId });
        if (input.unitId !== null && input.unitId !== venue.unitId) throw badInput("unitId", "must be the venue's unit, or absent");
      } else if (input.unitId !== null) {
        unit = await m.getRepository(UnitEntity).findOneBy({ id: input.unitId });
        if (!unit) throw new DomainError("NOT_FOUND", `unitId: unit ${input.unitId} not found`, "unitId");
      }
      if (input.role === "VENUE_STAFF" && !venue) throw badInput("venueId", "is required for VENUE_STAFF");
      if (input.role === "UNIT_MANAGER" && !unit) throw badInput("unitId", "is required for UNIT_MANAGER");
      if (input.role !== "VENUE_STAFF" && venue) throw badInput("venueId", `only VENUE_STAFF belong to a venue, not ${input.role}`);
      if (!mayCreateUser(p, input.role, unit?.path ?? null)) {
        if (unit && p.role === "UNIT_MANAGER" && p.unitPath && !unit.path.startsWith(p.unitPath)) {
          throw new DomainError("NOT_FOUND", `${venue ? "venueId" : "unitId"}: not found`, venue ? "venueId" : "unitId");
        }
        throw forbidden(`you may not create a ${input.role} user here`);
      }
      const repo = m.getRepository(UserEntity);
      if (await repo.findOneBy({ username })) throw conflict(`username: "${username}" is taken`, "username");
      const passwordHash = await hashPassword(input.password, this.config.BCRYPT_ROUNDS);
      try {
        return await repo.save(
          repo.create({ username, displayName, passwordHash, role: input.role, unitId: unit?.id ?? null, venueId: venue?.id ?? null }),
        );
      } catch (e) {
        if ((e as { code?: string }).code === "ER_DUP_ENTRY") throw conflict(`username: "${username}" is taken`, "username");
        throw e;
      }
    });
  }

  /**
   * Users the principal may see: admins all, managers those of their subtree, others only themselves; optionally of one
   * unit's subtree, of one role, and whose username or display name contains `search` (a LIKE pattern). At most 1,000.
   */
  async users(p: Principal, filter: { unitId: number | null; role: Role | null; search: string | null }): Promise<UserEntity[]> {
    const { unitId } = filter;
    const scope = userScope(p);
    const where: string[] = [scope.sql];
    const params: unknown[] = [...scope.params];
    if (unitId !== null) {
      const [unit] = await this.ds.query("SELECT path FROM unit WHERE id = ?", [unitId]);
      if (!unit) throw notFound("unit", unitId);
      where.push("un.path LIKE ?");
      params.push(likePrefix(unit.path));
    }
    if (filter.role !== null) {
      where.push("u.role = ?");
      params.push(filter.role);
    }
    if (filter.search !== null) {
      where.push("(u.username LIKE ? OR u.display_name LIKE ?)");
      params.push(filter.search, filter.search);
    }
    const rows: { id: number }[] = await this.ds.query(
      `SELECT u.id FROM ${FROM.user}
       WHERE ${where.join(" AND ")} ORDER BY u.id LIMIT 1000`,
      params,
    );
    return rows.length ? this.ds.getRepository(UserEntity).find({ where: rows.map((r) => ({ id: r.id })), order: { id: "ASC" } }) : [];
  }
}
