import { badInput } from "@assess/domain";

/** GraphQL IDs are decimal strings of our integer keys; anything else is bad input naming the field. */
export function parseId(value: string | number, field: string): number {
  const s = String(value).trim();
  if (!/^[1-9]\d{0,9}$/.test(s) || Number(s) > 2_147_483_647) throw badInput(field, `"${value}" is not a valid id`);
  return Number(s);
}

export const parseIds = (values: readonly (string | number)[] | null | undefined, field: string): number[] =>
  (values ?? []).map((v, i) => parseId(v, `${field}[${i}]`));

/** A required text: trimmed, not empty, not longer than max. */
export function text(value: string, field: string, max = 200): string {
  const t = value.trim();
  if (!t) throw badInput(field, "must not be empty");
  if (t.length > max) throw badInput(field, `must be at most ${max} characters`);
  return t;
}

export function optionalText(value: string | null | undefined, field: string, max = 10_000): string | null {
  if (value === null || value === undefined) return null;
  const t = value.trim();
  if (t.length > max) throw badInput(field, `must be at most ${max} characters`);
  return t || null;
}

/**
 * A search text as a LIKE pattern for "contains": trimmed, at least one character, at most `max`; LIKE's wildcards in
 * it match themselves. Null when absent.
 */
export function containsPattern(value: string | null | undefined, field: string, max = 100): string | null {
  if (value === null || value === undefined) return null;
  const t = value.trim();
  if (!t) throw badInput(field, "must have at least one character besides spaces");
  if (t.length > max) throw badInput(field, `must be at most ${max} characters`);
  return `%${t.replace(/[\\%_]/g, "\\$&")}%`;
}
