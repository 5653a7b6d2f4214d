import { randomBytes } from "node:crypto";
import type { Config } from "@assess/config";
import type { DataSource } from "typeorm";

/**
 * The configuration with its signing secret: JWT_SECRET when set; in demo mode without it, a random secret made once
 * per demo database and kept in it (table `setting`), so that tokens survive a restart and no two demos share one.
 */
export async function withDatabaseSecret(ds: DataSource, config: Config): Promise<Config> {
  if (config.JWT_SECRET) return config;
  await ds.query("INSERT IGNORE INTO setting (name, value) VALUES ('jwt_secret', ?)", [
    randomBytes(32).toString("base64url"),
  ]);
  const [row] = await ds.query("SELECT value FROM setting WHERE name = 'jwt_secret'");
  return { ...config, JWT_SECRET: String(row.value) };
}
