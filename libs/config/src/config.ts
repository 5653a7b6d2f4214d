import { z } from "zod";
import { parseDatabaseUrl } from "./database-url";

/** A configuration value that cannot be used: the message is one sentence that names the variable. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ConfigError";
  }
}

const DURATION = /^(\d+)(ms|s|m|h)?$/;
const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 } as const;

/** "15m", "90s", "1h", "500ms"; a bare number is minutes. */
export function parseDuration(text: string): number | undefined {
  const m = DURATION.exec(text.trim());
  if (!m) return undefined;
  const ms = Number(m[1]) * UNIT_MS[(m[2] ?? "m") as keyof typeof UNIT_MS];
  return ms > 0 ? ms : undefined;
}

const duration = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((v, ctx) => {
      const ms = parseDuration(v);
      if (ms === undefined) {
        ctx.addIssue({ code: "custom", message: `must be a duration such as 15m, 90s or 1h, not "${v}"` });
        return z.NEVER;
      }
      return ms;
    });

const url = (protocols: string[], fallback: string) =>
  z
    .string()
    .default(fallback)
    .refine(
      (v) => {
        try {
          return protocols.includes(new URL(v).protocol);
        } catch {
          return false;
        }
      },
      `must be a URL starting with ${protocols.join(" or ")}//`,
    );

/** Where Redis Sentinel is asked for the master: its hosts, the master's name, password and database number. */
export interface SentinelUrl {
  sentinels: { host: string; port: number }[];
  name: string;
  password?: string;
  db: number;
}

/**
 * `redis+sentinel://[:password@]host1:26379,host2:26379,…/<master name>[/db]`, or null for anything else (a plain
 * `redis://` URL). The password is the master's, and the sentinels' when they ask for one.
 */
export function parseSentinelUrl(url: string): SentinelUrl | null {
  const m = /^redis\+sentinel:\/\/(?:([^@/]*)@)?([^/@]+)\/([^/?#]+)(?:\/(\d+))?\/?$/.exec(url);
  if (!m) return null;
  const [, auth, hosts, name, db] = m;
  const sentinels = hosts!.split(",").map((h) => {
    const [host, port = "26379"] = h.trim().split(":");
    return { host: host!, port: Number(port) };
  });
  if (sentinels.some((s) => !s.host || !Number.isInteger(s.port) || s.port < 1 || s.port > 65535)) return null;
  const password = auth ? decodeURIComponent(auth.replace(/^[^:]*:/, "")) || undefined : undefined;
  return { sentinels, name: decodeURIComponent(name!), password, db: db ? Number(db) : 0 };
}

const int = (fallback: number, min: number, max: number) => {
  const message = `must be a whole number from ${min} to ${max}`;
  return z.coerce.number({ error: message }).int(message).min(min, message).max(max, message).default(fallback);
};

const schema = z.object({
  PORT: int(4000, 1, 65535),
  /** One MariaDB, or the nodes of a Galera cluster as a host list: mysql://user:pass@h1:3306,h2:3306,h3:3306/db. */
  DATABASE_URL: z
    .string()
    .default("mysql://root@127.0.0.1:3306/assessment")
    .superRefine((v, ctx) => {
      try {
        if (!parseDatabaseUrl(v).database)
          ctx.addIssue({ code: "custom", message: "must name a database (…/assessment)" });
      } catch (e) {
        ctx.addIssue({ code: "custom", message: (e as Error).message });
      }
    }),
  /** How long opening a database connection may take before that server counts as down (the next one is tried). */
  DB_CONNECT_TIMEOUT: duration("5s"),
  /** The longest a query of the API may take; a frozen database fails a request after this instead of hanging it. */
  DB_QUERY_TIMEOUT: duration("30s"),
  /** The same for the worker, whose annual evaluation runs long queries. Migrations run without a limit. */
  DB_WORKER_QUERY_TIMEOUT: duration("10m"),
  REDIS_URL: z
    .string()
    .default("redis://127.0.0.1:6379")
    .refine(
      (v) =>
        v.startsWith("redis+sentinel:")
          ? parseSentinelUrl(v) !== null
          : url(["redis:", "rediss:"], v).safeParse(v).success,
      "must be a URL starting with redis:// or rediss://, or redis+sentinel://host:port[,host:port…]/<master name>[/db]",
    ),
  ADMIN_USERNAME: z.string().trim().min(1).optional(),
  ADMIN_PASSWORD: z.string().optional(),
  JWT_SECRET: z.string().min(16, "must be at least 16 characters").optional(),
  JWT_TTL: duration("12h"),
  DEMO: z
    .enum(["0", "1", "true", "false"])
    .default("0")
    .transform((v) => v === "1" || v === "true"),
  DATA_DIR: z.string().min(1).default("data"),
  BCRYPT_ROUNDS: int(10, 4, 15),
  ESCALATION_EVERY: duration("15m"),
  ESCALATION_STEP_HOURS: int(72, 1, 24 * 365),
  WORKER_CONCURRENCY: int(4, 1, 64),
  QUEUE_PREFIX: z
    .string()
    .default("assess")
    .refine((v) => /^[A-Za-z0-9_.-]{1,64}$/.test(v), "must be 1 to 64 letters, digits, '_', '.' or '-'"),
  JOB_LOCK: duration("30s"),
  EVALUATION_BATCH_SIZE: int(2000, 1, 100_000),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error", "silent"]).default("info"),
  /** json: one JSON object a line (for a log collector); pretty: a line a human reads. Unset: pretty in demo mode only. */
  LOG_FORMAT: z.enum(["json", "pretty"]).optional(),
  /** API processes `npm start` runs on PORT (node:cluster): a number, or "auto" for one per core. */
  API_PROCESSES: z
    .string()
    .default("1")
    .refine(
      (v) => v === "auto" || (/^\d+$/.test(v) && Number(v) >= 1 && Number(v) <= 256),
      'must be "auto" or a whole number from 1 to 256',
    )
    .transform((v) => (v === "auto" ? ("auto" as const) : Number(v))),
  /** After SIGTERM: how long the API waits for requests in flight, and the worker for its running jobs. */
  SHUTDOWN_GRACE: duration("10s"),
  HOST: z.string().trim().min(1).optional(),
  /** Failed sign-ins of one username before it is locked for LOGIN_LOCKOUT. */
  LOGIN_FAILURES_PER_USER: int(5, 1, 1000),
  /** Failed sign-ins from one address before it is locked for LOGIN_LOCKOUT. */
  LOGIN_FAILURES_PER_ADDRESS: int(50, 1, 100_000),
  LOGIN_LOCKOUT: duration("15m"),
  /**
   * Which proxies in front of the API to believe about the client's address (X-Forwarded-For), as Express's
   * "trust proxy" takes it: "loopback", a number of hops, or addresses and subnets ("10.0.0.1, 10.0.0.0/8"). Unset: none.
   */
  TRUST_PROXY: z.string().trim().min(1).optional(),
  /** MiB of evidence one user may upload in 24 hours. */
  EVIDENCE_QUOTA_MB: int(500, 1, 1_000_000),
  /**
   * "1": webhooks may call loopback, private and link-local addresses (a receiver on the same machine or LAN). Unset:
   * "1" in demo mode (which listens on 127.0.0.1, for a trial receiver next to it), "0" otherwise.
   */
  WEBHOOK_ALLOW_PRIVATE: z.enum(["0", "1"]).optional(),
});

export type RawConfig = z.infer<typeof schema>;
/** Every variable the configuration reads (infra's manifests set no other: tests/integration/infra-manifests.test.ts). */
export const CONFIG_VARIABLES = Object.keys(schema.shape) as (keyof RawConfig)[];
export interface Config extends Omit<
  RawConfig,
  "JWT_SECRET" | "ADMIN_USERNAME" | "ADMIN_PASSWORD" | "HOST" | "WEBHOOK_ALLOW_PRIVATE" | "LOG_FORMAT"
> {
  WEBHOOK_ALLOW_PRIVATE: "0" | "1";
  LOG_FORMAT: "json" | "pretty";
  /** Empty in demo mode without JWT_SECRET: then a random secret kept in the demo's database is used (`withDatabaseSecret`). */
  JWT_SECRET: string;
  /** The address the API listens on: HOST, or 127.0.0.1 in demo mode and every interface otherwise. */
  HOST: string;
  admin?: { username: string; password: string };
}

/** Variables whose values are never repeated in a message. */
const SECRETS = new Set(["JWT_SECRET", "ADMIN_PASSWORD"]);

/** A value as it may appear in an error: secrets hidden, a URL's password replaced. */
function shown(name: string, value: string | undefined): string {
  if (value === undefined) return "";
  if (SECRETS.has(name)) return value ? `${"*".repeat(3)} (${value.length} characters)` : "";
  return value.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/@]*:)[^@/]*@/i, "$1***@");
}

export interface LoadOptions {
  /** The worker signs no tokens: it runs without JWT_SECRET. */
  needsSecret?: boolean;
}

/** Parses the environment once. Throws ConfigError naming the first bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, options: LoadOptions = {}): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ""));
  const parsed = schema.safeParse(cleaned);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const name = String(issue.path[0]);
    throw new ConfigError(
      `${name} ${issue.message.replace(/^Invalid input: /, "")} (got "${shown(name, env[name])}").`,
    );
  }
  const { JWT_SECRET, ADMIN_USERNAME, ADMIN_PASSWORD, HOST, ...rest } = parsed.data;
  if (!JWT_SECRET && !rest.DEMO && options.needsSecret !== false) {
    throw new ConfigError(
      "JWT_SECRET is required: set it to a random string of at least 16 characters (only `npm run demo` runs without it).",
    );
  }
  if (Boolean(ADMIN_USERNAME) !== Boolean(ADMIN_PASSWORD)) {
    throw new ConfigError(
      `${ADMIN_USERNAME ? "ADMIN_PASSWORD" : "ADMIN_USERNAME"} is required when ${ADMIN_USERNAME ? "ADMIN_USERNAME" : "ADMIN_PASSWORD"} is set.`,
    );
  }
  return {
    ...rest,
    JWT_SECRET: JWT_SECRET ?? "",
    HOST: HOST ?? (rest.DEMO ? "127.0.0.1" : "0.0.0.0"),
    WEBHOOK_ALLOW_PRIVATE: rest.WEBHOOK_ALLOW_PRIVATE ?? (rest.DEMO ? "1" : "0"),
    LOG_FORMAT: rest.LOG_FORMAT ?? (rest.DEMO ? "pretty" : "json"),
    admin: ADMIN_USERNAME && ADMIN_PASSWORD ? { username: ADMIN_USERNAME, password: ADMIN_PASSWORD } : undefined,
  };
}

/** How many API processes API_PROCESSES asks for on a machine with `cores` cores. */
export function apiProcessCount(setting: Config["API_PROCESSES"], cores: number): number {
  return setting === "auto" ? Math.max(1, cores) : setting;
}
