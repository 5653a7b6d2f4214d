import type { Config } from "@assess/config";
import { UnitEntity, UserEntity, VenueEntity } from "@assess/data";
import { DomainError, Role, badInput, conflict, forbidden, mayCreateUser, mayManageUser } from "@assess/domain";
import type { DataSource, EntityManager } from "typeorm";
import { checkPassword, hashPassword } from "../auth/passwords";
import { text } from "../common/ids";
import type { Principal } from "../common/principal";
import { openTask } from "@assess/data";
import { FROM, userScope } from "../access/rules";
import { toPage, type Page, type PageRequest } from "../common/pagination";
import { inTransaction } from "../common/transaction";
import { underUnit } from "../common/unit-filter";
import { requireVisible } from "../access/visible";
import { TaskRepository } from "../tasks/task.repository";

const USERNAME = /^[A-Za-z0-9][A-Za-z0-9._@-]{1,63}$/;

export interface CreateUser {
  username: string;
  displayName: string;
  password: string;
  role: Role;
  unitId: number | null;
  venueId: number | null;
}

/**
 * Where a user of `role` is placed (a venue for VENUE_STAFF, a unit for managers), checked as the actor may place them:
 * the same rules for createUser and updateUser. NOT_FOUND for a unit or venue outside the actor's unit.
 */
async function placement(
  m: EntityManager,
  p: Principal,
  role: Role,
  unitId: number | null,
  venueId: number | null,
  verb: "create" | "place",
) {
  let unit: UnitEntity | null = null;
  let venue: VenueEntity | null = null;
  if (venueId !== null) {
    venue = await m.getRepository(VenueEntity).findOneBy({ id: venueId });
    if (!venue) throw new DomainError("NOT_FOUND", `venueId: venue ${venueId} not found`, "venueId");
    unit = await m.getRepository(UnitEntity).findOneByOrFail({ id: venue.unitId });
    if (unitId !== null && unitId !== venue.unitId) throw badInput("unitId", "must be the venue's unit, or absent");
  } else if (unitId !== null) {
    unit = await m.getRepository(UnitEntity).findOneBy({ id: unitId });
    if (!unit) throw new DomainError("NOT_FOUND", `unitId: unit ${unitId} not found`, "unitId");
  }
  if (role === "VENUE_STAFF" && !venue) throw badInput("venueId", "is required for VENUE_STAFF");
  if (role === "UNIT_MANAGER" && !unit) throw badInput("unitId", "is required for UNIT_MANAGER");
  if (role !== "VENUE_STAFF" && venue) throw badInput("venueId", `only VENUE_STAFF belong to a venue, not ${role}`);
  if (!mayCreateUser(p, role, unit?.path ?? null)) {
    if (unit && p.role === "UNIT_MANAGER" && p.unitPath && !unit.path.startsWith(p.unitPath)) {
      throw new DomainError("NOT_FOUND", `${venue ? "venueId" : "unitId"}: not found`, venue ? "venueId" : "unitId");
    }
    throw forbidden(`you may not ${verb} a ${role} user here`);
  }
  return { unit, venue };
}

/** The user `id` if the actor may manage them; NOT_FOUND outside their scope, FORBIDDEN for themselves or a city admin. */
export async function managedUser(
  m: EntityManager,
  actor: Principal,
  id: number,
  what: string,
): Promise<UserEntity & { unitPath: string | null }> {
  if (actor.role !== "CITY_ADMIN" && actor.role !== "UNIT_MANAGER")
    throw forbidden(`only the city admin and unit managers may ${what} a user`);
  await requireVisible(m, actor, "user", id, "id");
  const user = await m.getRepository(UserEntity).findOneByOrFail({ id });
  const unitPath = await new TaskRepository(m).userUnitPath(user);
  if (!mayManageUser(actor, { id: user.id, role: user.role as Role, unitPath })) {
    throw forbidden(`id: nobody may ${what} themselves, and only the city may ${what} a city admin`);
  }
  return Object.assign(user, { unitPath });
}

export interface UpdateUser {
  displayName?: string | null;
  role?: Role | null;
  unitId?: number | null;
  venueId?: number | null;
}

export class UserService {
  constructor(
    private readonly ds: DataSource,
    private readonly config: Config,
  ) {}

  async createUser(p: Principal, input: CreateUser): Promise<UserEntity> {
    const username = input.username.trim();
    if (!USERNAME.test(username))
      throw badInput("username", "must be 2–64 letters, digits, dots, dashes, underscores or @");
    const displayName = text(input.displayName, "displayName", 100);
    checkPassword(input.password, "password", username);
    return inTransaction(this.ds, async (m) => {
      const { unit, venue } = await placement(m, p, input.role, input.unitId, input.venueId, "create");
      const repo = m.getRepository(UserEntity);
      if (await repo.findOneBy({ username })) throw conflict(`username: "${username}" is taken`, "username");
      const passwordHash = await hashPassword(input.password, this.config.BCRYPT_ROUNDS);
      try {
        return await repo.save(
          repo.create({
            username,
            displayName,
            passwordHash,
            role: input.role,
            unitId: unit?.id ?? null,
            venueId: venue?.id ?? null,
          }),
        );
      } catch (e) {
        if ((e as { code?: string }).code === "ER_DUP_ENTRY")
          throw conflict(`username: "${username}" is taken`, "username");
        throw e;
      }
    });
  }

  /**
   * Renames a user, or changes their role or place (the city admin; a unit manager within their unit, placing them
   * within it, as createUser does). Absent fields stay; a null unitId or venueId takes the user out of it. A change of
   * role, unit or venue ends the user's sessions and revokes the API tokens they created (those read as their old
   * place); it is refused while the user holds or has assigned open tasks, which would keep the old place's powers.
   */
  async updateUser(p: Principal, id: number, input: UpdateUser, now: Date): Promise<UserEntity> {
    const displayName =
      input.displayName === undefined || input.displayName === null
        ? null
        : text(input.displayName, "displayName", 100);
    if (input.role === "INTEGRATOR")
      throw badInput("role", "an INTEGRATOR is the account of an API token: createApiToken makes one");
    return inTransaction(this.ds, async (m) => {
      await m.query("SELECT id FROM user WHERE id = ? FOR UPDATE", [id]);
      const user = await managedUser(m, p, id, "change");
      if (user.role === "INTEGRATOR")
        throw badInput("id", "an INTEGRATOR is the account of an API token: revoke the token and create another");
      const moves =
        (input.role !== undefined && input.role !== null) || input.unitId !== undefined || input.venueId !== undefined;
      if (moves) {
        const role = input.role ?? (user.role as Role);
        // Unless given, a VENUE_STAFF keeps their venue (and its unit); anyone else keeps their unit and has no venue.
        const venueId =
          input.venueId !== undefined
            ? input.venueId
            : input.unitId === undefined && role === "VENUE_STAFF"
              ? user.venueId
              : null;
        const unitId = input.unitId !== undefined ? input.unitId : venueId !== null ? null : user.unitId;
        const { unit, venue } = await placement(m, p, role, unitId, venueId, "place");
        const changed =
          role !== user.role || (unit?.id ?? null) !== user.unitId || (venue?.id ?? null) !== user.venueId;
        if (changed) {
          const [open] = await m.query(
            `SELECT COUNT(*) AS n FROM task t WHERE (t.assignee_id = ? OR t.assigned_by_id = ?) AND ${openTask("t")}`,
            [id, id],
          );
          if (Number(open.n) > 0) {
            throw conflict(
              `id: ${user.displayName} holds or has assigned ${open.n} open task(s); complete, cancel or hand them over before a change of role or place`,
              "id",
            );
          }
          await m.query(
            "UPDATE user SET role = ?, unit_id = ?, venue_id = ?, session_version = session_version + 1 WHERE id = ?",
            [role, unit?.id ?? null, venue?.id ?? null, id],
          );
          await m.query("UPDATE api_token SET revoked_at = ? WHERE created_by_id = ? AND revoked_at IS NULL", [
            now,
            id,
          ]);
        }
      }
      if (displayName !== null) await m.query("UPDATE user SET display_name = ? WHERE id = ?", [displayName, id]);
      return m.getRepository(UserEntity).findOneByOrFail({ id });
    });
  }

  /**
   * Users the principal may see: admins all, managers those of their subtree, others only themselves; optionally of one
   * unit's subtree, of one role, and whose username or display name contains `search` (a LIKE pattern). A page in id order.
   */
  async users(
    p: Principal,
    filter: { unitId: number | null; role: Role | null; search: string | null },
    page: PageRequest,
  ): Promise<Page<UserEntity>> {
    const { unitId } = filter;
    const scope = userScope(p);
    const where: string[] = [scope.sql];
    const params: unknown[] = [...scope.params];
    if (unitId !== null) {
      const under = await underUnit(this.ds, unitId, "un");
      where.push(under.sql);
      params.push(...under.params);
    }
    if (filter.role !== null) {
      where.push("u.role = ?");
      params.push(filter.role);
    }
    if (filter.search !== null) {
      where.push("(u.username LIKE ? OR u.display_name LIKE ?)");
      params.push(filter.search, filter.search);
    }
    const from = `FROM ${FROM.user} WHERE ${where.join(" AND ")}`;
    const rows: { id: number }[] = await this.ds.query(
      `SELECT u.id ${from}${page.afterId !== null ? " AND u.id > ?" : ""} ORDER BY u.id LIMIT ?`,
      [...params, ...(page.afterId !== null ? [page.afterId] : []), page.first + 1],
    );
    const users = rows.length
      ? await this.ds.getRepository(UserEntity).find({ where: rows.map((r) => ({ id: r.id })), order: { id: "ASC" } })
      : [];
    const count = () =>
      this.ds.query(`SELECT COUNT(*) AS n ${from}`, params).then((r: { n: unknown }[]) => Number(r[0]!.n));
    return toPage(users, page, count);
  }
}
