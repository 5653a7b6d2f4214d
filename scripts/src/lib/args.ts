import { parseDatabaseUrl } from "@assess/config";
/** `--name value`, `--name=value` and bare `--flag` (true); anything else is an error worth a sentence. */
export function parseArgs(
  argv: readonly string[],
  known: Record<string, "string" | "number" | "boolean">,
): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const m = /^--([a-z][a-z0-9-]*)(?:=(.*))?$/.exec(arg);
    if (!m) throw new Error(`unexpected argument "${arg}"`);
    const name = m[1]!;
    const type = known[name];
    if (!type)
      throw new Error(
        `unknown option --${name} (known: ${Object.keys(known)
          .map((k) => `--${k}`)
          .join(", ")})`,
      );
    if (type === "boolean") {
      out[name] = m[2] === undefined ? true : m[2] !== "false" && m[2] !== "0";
      continue;
    }
    const value = m[2] ?? argv[++i];
    if (value === undefined) throw new Error(`--${name} needs a value`);
    if (type === "number") {
      const n = Number(value.replace(/[_,]/g, ""));
      if (!Number.isFinite(n)) throw new Error(`--${name} must be a number, not "${value}"`);
      out[name] = n;
    } else out[name] = value;
  }
  return out;
}

/** The database name of a mysql:// URL. */
export const databaseName = (url: string) => parseDatabaseUrl(url).database;

/** The same server with another database. */
export function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}
