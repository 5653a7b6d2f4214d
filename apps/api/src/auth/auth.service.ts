import type { Config } from "@assess/config";
import { ApiTokenEntity, UserEntity } from "@assess/data";
import { randomBytes } from "node:crypto";
import { DomainError, Role, badInput, forbidden } from "@assess/domain";
import { inTransaction } from "../common/transaction";
import { text } from "../common/ids";
import type { DataSource } from "typeorm";
import { managedUser } from "../users/user.service";
import type { Principal } from "../common/principal";
import { LoginLocked, type LoginThrottle } from "./login-throttle";
import { DUMMY_HASH, MAX_PASSWORD_BYTES, checkPassword, hashPassword, verifyPassword } from "./passwords";
import { hashApiToken, isApiToken, newApiToken, signSession, verifySession, type TokenFailure } from "./tokens";

interface PrincipalRow {
  id: number;
  role: Role;
  unit_id: number | null;
  venue_id: number | null;
  path: string | null;
  kind: Principal["unitKind"];
  active: number;
  session_version: number;
  must_change_password: number;
}

const PRINCIPAL_COLUMNS =
  "u.id, u.role, u.unit_id, u.venue_id, un.path, un.kind, u.active, u.session_version, u.must_change_password";
const PRINCIPAL_SQL = `SELECT ${PRINCIPAL_COLUMNS} FROM user u LEFT JOIN unit un ON un.id = u.unit_id`;
const API_TOKEN_SQL = `SELECT ${PRINCIPAL_COLUMNS}, t.revoked_at FROM api_token t JOIN user u ON u.id = t.user_id LEFT JOIN unit un ON un.id = u.unit_id`;

/** Who a token signs in, or why it signs in nobody. */
export type Authenticated = { principal: Principal } | { failure: TokenFailure };

export class AuthService {
  constructor(
    private readonly ds: DataSource,
    private readonly config: Config,
    private readonly throttle: LoginThrottle,
  ) {}

  /**
   * Signs in. Refused before the password is even checked while the username or the address is locked out (too many
   * failures: LoginLocked); a failure counts against both, a success clears the username's count.
   */
  async login(
    username: string,
    password: string,
    address: string | null = null,
  ): Promise<{ token: string; user: UserEntity }> {
    if (!username.trim()) throw badInput("username", "must not be empty");
    if (!password) throw badInput("password", "must not be empty");
    const locked = await this.throttle.lockout(username, address);
    if (locked) throw new LoginLocked(locked);
    const user = await this.ds.getRepository(UserEntity).findOneBy({ username: username.trim() });
    // Longer than bcrypt reads: compared as given would match on its first 72 bytes only, so it never matches.
    const tooLong = Buffer.byteLength(password, "utf8") > MAX_PASSWORD_BYTES;
    const ok = (await verifyPassword(password, user?.passwordHash ?? DUMMY_HASH)) && !tooLong;
    if (!user || !user.passwordHash || !ok || !user.active) {
      await this.throttle.failed(username, address);
      throw new DomainError("UNAUTHENTICATED", "wrong username or password");
    }
    await this.throttle.succeeded(username);
    return { token: signSession(user.id, user.sessionVersion, this.config.JWT_SECRET, this.config.JWT_TTL), user };
  }

  /** The principal behind a bearer token, or null when the token is not (or no longer) valid. */
  async principal(token: string): Promise<Principal | null> {
    const a = await this.authenticate(token);
    return "principal" in a ? a.principal : null;
  }

  /**
   * Who a bearer token signs in, read from the database on every request (no cache keeps an ended session): an API
   * token not revoked of an active user; a session token of an active user whose session version it carries.
   */
  async authenticate(token: string): Promise<Authenticated> {
    if (isApiToken(token)) {
      const rows: (PrincipalRow & { revoked_at: Date | null })[] = await this.ds.query(
        `${API_TOKEN_SQL} WHERE t.token_hash = ?`,
        [hashApiToken(token)],
      );
      const r = rows[0];
      if (!r) return { failure: "invalid" };
      if (r.revoked_at !== null || !r.active) return { failure: "ended" };
      return { principal: toPrincipal(r, true) };
    }
    const session = verifySession(token, this.config.JWT_SECRET);
    if ("failure" in session) return session;
    const rows: PrincipalRow[] = await this.ds.query(`${PRINCIPAL_SQL} WHERE u.id = ?`, [session.userId]);
    const r = rows[0];
    if (!r) return { failure: "invalid" };
    if (!r.active || r.session_version !== session.sessionVersion) return { failure: "ended" };
    return { principal: toPrincipal(r, false) };
  }

  /** On a start with no CITY_ADMIN, the configured admin is created. */
  async bootstrapAdmin(): Promise<UserEntity | null> {
    const admin = this.config.admin;
    if (!admin) return null;
    return inTransaction(this.ds, async (m) => {
      const repo = m.getRepository(UserEntity);
      const existing = await repo.count({
        where: { role: "CITY_ADMIN", active: true },
        lock: { mode: "pessimistic_write" },
      });
      if (existing > 0) return null;
      if (await repo.findOneBy({ username: admin.username })) {
        throw new Error(`ADMIN_USERNAME "${admin.username}" is taken by a user who is not a city admin.`);
      }
      const passwordHash = await hashPassword(admin.password, this.config.BCRYPT_ROUNDS);
      return repo.save(
        repo.create({ username: admin.username, displayName: "系统管理员", passwordHash, role: "CITY_ADMIN" }),
      );
    });
  }

  /**
   * An API token for integrators: it signs in as a new INTEGRATOR user over the creator's unit (read-only).
   * The token is returned once; only its hash is kept.
   */
  async createApiToken(actor: Principal, name: string): Promise<string> {
    if (actor.role !== "CITY_ADMIN" && actor.role !== "UNIT_MANAGER")
      throw forbidden("only city admins and unit managers create API tokens");
    const label = text(name, "name", 100);
    const token = newApiToken();
    await inTransaction(this.ds, async (m) => {
      const users = m.getRepository(UserEntity);
      const username = `api:${label}:${token.slice(4, 12)}`.slice(0, 64);
      const user = await users.save(
        users.create({ username, displayName: label, passwordHash: null, role: "INTEGRATOR", unitId: actor.unitId }),
      );
      const tokens = m.getRepository(ApiTokenEntity);
      await tokens.save(
        tokens.create({ name: label, userId: user.id, createdById: actor.userId, tokenHash: hashApiToken(token) }),
      );
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

  /** A new password of one's own: every earlier session of the user ends (contract), this one too: sign in again. */
  async changePassword(actor: Principal, current: string, next: string): Promise<void> {
    const repo = this.ds.getRepository(UserEntity);
    const user = await repo.findOneByOrFail({ id: actor.userId });
    if (!user.passwordHash || !(await verifyPassword(current, user.passwordHash)))
      throw badInput("currentPassword", "is wrong");
    checkPassword(next, "newPassword", user.username);
    if (next === current) throw badInput("newPassword", "must differ from the current password");
    const passwordHash = await hashPassword(next, this.config.BCRYPT_ROUNDS);
    await this.ds.query(
      "UPDATE user SET password_hash = ?, must_change_password = 0, session_version = session_version + 1 WHERE id = ?",
      [passwordHash, user.id],
    );
  }

  /**
   * Deactivates a user (the city admin, or a manager over the user's unit): their sessions end and every API token
   * they hold or created stops at once. Answers the user as it is now.
   */
  async deactivateUser(actor: Principal, id: number, now: Date): Promise<UserEntity> {
    return inTransaction(this.ds, async (m) => {
      const target = await managedUser(m, actor, id, "deactivate");
      await m.query("UPDATE user SET active = 0, session_version = session_version + 1 WHERE id = ?", [target.id]);
      await m.query(
        "UPDATE api_token SET revoked_at = ? WHERE (user_id = ? OR created_by_id = ?) AND revoked_at IS NULL",
        [now, target.id, target.id],
      );
      return m.getRepository(UserEntity).findOneByOrFail({ id: target.id });
    });
  }

  /**
   * Resets a user's password (the city admin, or a manager over the user's unit): answers a temporary password, shown
   * once, which the user changes at their next sign-in (nothing else is allowed before); their sessions end.
   */
  async resetPassword(actor: Principal, id: number): Promise<string> {
    const target = await managedUser(this.ds.manager, actor, id, "reset the password of");
    if (target.role === "INTEGRATOR") throw badInput("id", "an INTEGRATOR signs in with its API token, not a password");
    const temporary = temporaryPassword();
    const passwordHash = await hashPassword(temporary, this.config.BCRYPT_ROUNDS);
    await this.ds.query(
      "UPDATE user SET password_hash = ?, must_change_password = 1, session_version = session_version + 1 WHERE id = ?",
      [passwordHash, target.id],
    );
    return temporary;
  }
}

/** 12 characters from an alphabet without look-alikes (no 0/O, 1/l/I). */
function temporaryPassword(): string {
  const alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
  const bytes = randomBytes(12);
  return [...bytes].map((b) => alphabet[b % alphabet.length]).join("");
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
    mustChangePassword: !viaApiToken && Number(r.must_change_password) === 1,
  };
}
