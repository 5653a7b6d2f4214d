import type { Config } from "@assess/config";
import { ApiTokenEntity, UserEntity } from "@assess/data";
import { DomainError, Role, badInput, forbidden } from "@assess/domain";
import { text } from "../common/ids";
import type { DataSource } from "typeorm";
import type { Principal } from "../common/principal";
import { DUMMY_HASH, checkPassword, hashPassword, verifyPassword } from "./passwords";
import { hashApiToken, isApiToken, newApiToken, signSession, verifySession } from "./tokens";

interface PrincipalRow {
  id: number;
  role: Role;
  unit_id: number | null;
  venue_id: number | null;
  path: string | null;
  kind: Principal["unitKind"];
}

const PRINCIPAL_SQL = `SELECT u.id, u.role, u.unit_id, u.venue_id, un.path, un.kind
  FROM user u LEFT JOIN unit un ON un.id = u.unit_id`;

export class AuthService {
  constructor(
    private readonly ds: DataSource,
    private readonly config: Config,
  ) {}

  async login(username: string, password: string): Promise<{ token: string; user: UserEntity }> {
    if (!username.trim()) throw badInput("username", "must not be empty");
    if (!password) throw badInput("password", "must not be empty");
    const user = await this.ds.getRepository(UserEntity).findOneBy({ username: username.trim() });
    const ok = await verifyPassword(password, user?.passwordHash ?? DUMMY_HASH);
    if (!user || !user.passwordHash || !ok || !user.active) {
      throw new DomainError("UNAUTHENTICATED", "wrong username or password");
    }
    return { token: signSession(user.id, this.config.JWT_SECRET, this.config.JWT_TTL), user };
  }

  /** The principal behind a bearer token, or null when the token is not (or no longer) valid. */
  async principal(token: string): Promise<Principal | null> {
    if (isApiToken(token)) {
      const rows: PrincipalRow[] = await this.ds.query(
        `${PRINCIPAL_SQL} JOIN api_token t ON t.user_id = u.id WHERE t.token_hash = ? AND t.revoked_at IS NULL AND u.active = 1`,
        [hashApiToken(token)],
      );
      return rows[0] ? toPrincipal(rows[0], true) : null;
    }
    const userId = verifySession(token, this.config.JWT_SECRET);
    if (userId === null) return null;
    const rows: PrincipalRow[] = await this.ds.query(`${PRINCIPAL_SQL} WHERE u.id = ? AND u.active = 1`, [userId]);
    return rows[0] ? toPrincipal(rows[0], false) : null;
  }

  /** On a start with no CITY_ADMIN, the configured admin is created. */
  async bootstrapAdmin(): Promise<UserEntity | null> {
    const admin = this.config.admin;
    if (!admin) return null;
    return this.ds.transaction(async (m) => {
      const repo = m.getRepository(UserEntity);
      const existing = await repo.count({ where: { role: "CITY_ADMIN", active: true }, lock: { mode: "pessimistic_write" } });
      if (existing > 0) return null;
      if (await repo.findOneBy({ username: admin.username })) {
        throw new Error(`ADMIN_USERNAME "${admin.username}" is taken by a user who is not a city admin.`);
      }
      const passwordHash = await hashPassword(admin.password, this.config.BCRYPT_ROUNDS);
      return repo.save(repo.create({ username: admin.username, displayName: "系统管理员", passwordHash, role: "CITY_ADMIN" }));
    });
  }

  /**
   * An API token for integrators: it signs in as a new INTEGRATOR user over the creator's unit (read-only).
   * The token is returned once; only its hash is kept.
   */
  async createApiToken(actor: Principal, name: string): Promise<string> {
    if (actor.role !== "CITY_ADMIN" && actor.role !== "UNIT_MANAGER") throw forbidden("only city admins and unit managers create API tokens");
    const label = text(name, "name", 100);
    const token = newApiToken();
    await this.ds.transaction(async (m) => {
      const users = m.getRepository(UserEntity);
      const username = `api:${label}:${token.slice(4, 12)}`.slice(0, 64);
      const user = await users.save(
        users.create({ username, displayName: label, passwordHash: null, role: "INTEGRATOR", unitId: actor.unitId }),
      );
      const tokens = m.getRepository(ApiTokenEntity);
      await tokens.save(tokens.create({ name: label, userId: user.id, createdById: actor.userId, tokenHash: hashApiToken(token) }));
    });
    return token;
  }

  async apiTokens(actor: Principal): Promise<ApiTokenEntity[]> {
    const where = actor.role === "CITY_ADMIN" ? {} : { createdById: actor.userId };
    return this.ds.getRepository(ApiTokenEntity).find({ where, order: { id: "ASC" } });
  }

  async revokeApiToken(actor: Principal, id: number, now: Date): Promise<ApiTokenEntity> {
    const repo = this.ds.getRepository(ApiTokenEntity);
    const token = await repo.findOneBy({ id });
    if (!token || (actor.role !== "CITY_ADMIN" && token.createdById !== actor.userId)) {
      throw new DomainError("NOT_FOUND", `API token ${id} not found`);
    }
    if (!token.revokedAt) {
      token.revokedAt = now;
      await repo.save(token);
    }
    return token;
  }

  async changePassword(actor: Principal, current: string, next: string): Promise<void> {
    const repo = this.ds.getRepository(UserEntity);
    const user = await repo.findOneByOrFail({ id: actor.userId });
    if (!user.passwordHash || !(await verifyPassword(current, user.passwordHash))) throw badInput("currentPassword", "is wrong");
    checkPassword(next, "newPassword");
    user.passwordHash = await hashPassword(next, this.config.BCRYPT_ROUNDS);
    await repo.save(user);
  }
}

function toPrincipal(r: PrincipalRow, viaApiToken: boolean): Principal {
  return {
    userId: r.id,
    role: viaApiToken ? "INTEGRATOR" : r.role,
    unitId: r.unit_id,
    unitPath: r.path,
    unitKind: r.kind,
    venueId: r.venue_id,
    viaApiToken,
  };
}
