import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import type { Rubric } from "@assess/domain";
import { parse } from "yaml";
import { RubricCatalog } from "./rubric-catalog";
import { RubricFileError, type RubricIssue } from "./rubric-file-error";
import { schemaIssues } from "./schema-validation";
import { semanticIssues } from "./semantic-checks";

/** The repository's rubrics/ folder; the same three steps up from src/ (tests) and from dist/ (built). */
export const DEFAULT_RUBRICS_DIR = path.resolve(__dirname, "../../../rubrics");
// The schema belongs to this code, not to a data folder: RUBRICS_DIR may point elsewhere, the schema stays.
const SCHEMA_FILE = path.join(DEFAULT_RUBRICS_DIR, "rubric.schema.json");

/**
 * Loads every `<dir>/<year>/*.yaml`, checked against the JSON Schema and the plan's arithmetic.
 * Any bad file throws a RubricFileError: scoring against a wrong rubric would be worse than not starting.
 */
export function loadRubrics(dir: string = process.env.RUBRICS_DIR || DEFAULT_RUBRICS_DIR): RubricCatalog {
  const rubrics: Rubric[] = [];
  const fileOf = new Map<Rubric, string>();
  for (const { file, year } of rubricFiles(dir)) {
    const rubric = readRubric(file, year);
    const sameCode = rubrics.find((r) => r.code === rubric.code);
    if (sameCode) {
      throw new RubricFileError(shown(file), [
        { field: "code", message: `${rubric.code} is also the code of ${shown(fileOf.get(sameCode)!)}` },
      ]);
    }
    const sameVenue = rubrics.find((r) => r.year === rubric.year && r.venueType === rubric.venueType);
    if (sameVenue) {
      const message = `${rubric.year} already has a ${rubric.venueType} rubric in ${shown(fileOf.get(sameVenue)!)}`;
      throw new RubricFileError(shown(file), [{ field: "venueType", message }]);
    }
    rubrics.push(rubric);
    fileOf.set(rubric, file);
  }
  return new RubricCatalog(rubrics);
}

function rubricFiles(dir: string): { file: string; year: number }[] {
  if (!existsSync(dir))
    throw new Error(`The rubrics folder ${dir} does not exist (set RUBRICS_DIR to the folder holding <year>/*.yaml)`);
  const files = readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && /^\d{4}$/.test(entry.name))
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((year) =>
      readdirSync(path.join(dir, year.name))
        .filter((name) => name.endsWith(".yaml"))
        .sort()
        .map((name) => ({ file: path.join(dir, year.name, name), year: Number(year.name) })),
    );
  if (files.length === 0) throw new Error(`No rubric files in ${dir}: expected <year>/*.yaml`);
  return files;
}

function readRubric(file: string, folderYear: number): Rubric {
  let data: unknown;
  try {
    data = parse(readFileSync(file, "utf8"));
  } catch (error) {
    const message = error instanceof Error ? error.message.split("\n")[0] : String(error);
    throw new RubricFileError(shown(file), [{ field: "(yaml)", message }]);
  }
  const invalid = schemaIssues(SCHEMA_FILE, data);
  if (invalid.length) throw new RubricFileError(shown(file), invalid);

  const rubric = data as Rubric;
  const issues: RubricIssue[] = semanticIssues(rubric);
  if (rubric.year !== folderYear)
    issues.push({ field: "year", message: `is ${rubric.year} but the file is in the folder ${folderYear}/` });
  if (issues.length) throw new RubricFileError(shown(file), issues);
  return deepFreeze(rubric);
}

/** Paths in messages relative to the working directory when inside it, as a developer would type them. */
function shown(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative.startsWith("..") || path.isAbsolute(relative) ? file : relative;
}

/** Rubrics are shared by every request; freezing them stops one caller's edit from changing another's score. */
function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
