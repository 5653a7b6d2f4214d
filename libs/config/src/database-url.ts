/** One server of a DATABASE_URL. */
export interface DatabaseHost {
  host: string;
  port: number;
}

/** A DATABASE_URL taken apart: one host, or several (a Galera cluster) tried in the order given. */
export interface DatabaseTarget {
  hosts: DatabaseHost[];
  user: string;
  password: string;
  /** The database name; empty when the URL names none. */
  database: string;
}

const SHAPE = /^(mysql|mariadb):\/\/(?:([^@/]*)@)?([^/?#]+)(\/[^?#]*)?$/i;
const HOST = /^(\[[0-9a-f:.]+\]|[A-Za-z0-9._-]+)(?::(\d{1,5}))?$/i;

/**
 * Parses `mysql://user:password@host:port/database`, where the host part may list several servers separated by
 * commas (`mysql://root@h1:3306,h2:3307,h3/db`, port 3306 when omitted). WHATWG URLs refuse a host list, hence our own
 * parser. Throws an Error whose message says what is wrong (never the password).
 */
export function parseDatabaseUrl(text: string): DatabaseTarget {
  const m = SHAPE.exec(text.trim());
  if (!m)
    throw new Error("must be a URL such as mysql://user:password@host:3306/database (several hosts: h1:3306,h2:3306)");
  const [user = "", password = ""] = (m[2] ?? "").split(/:(.*)/s, 2);
  const hosts = m[3]!.split(",").map((part) => {
    const h = HOST.exec(part.trim());
    const port = Number(h?.[2] ?? 3306);
    if (!h || port < 1 || port > 65535)
      throw new Error(`names an unusable host "${part}" (expected host or host:port)`);
    return { host: h[1]!.replace(/^\[|\]$/g, ""), port };
  });
  return {
    hosts,
    user: decodeURIComponent(user) || "root",
    password: decodeURIComponent(password),
    database: decodeURIComponent((m[4] ?? "").replace(/^\//, "")),
  };
}
