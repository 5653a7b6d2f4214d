import { readFileSync } from "node:fs";
import Ajv, { type ErrorObject, type ValidateFunction } from "ajv";
import type { RubricIssue } from "./rubric-file-error";

const compiled = new Map<string, ValidateFunction>();

/** Compiles a schema file once; loading a catalog validates several files against it. */
function validator(schemaFile: string): ValidateFunction {
  let validate = compiled.get(schemaFile);
  if (!validate) {
    validate = new Ajv({ allErrors: true }).compile(JSON.parse(readFileSync(schemaFile, "utf8")));
    compiled.set(schemaFile, validate);
  }
  return validate;
}

/** Checks a parsed file against the JSON Schema and turns ajv's errors into issues that name indicator and field. */
export function schemaIssues(schemaFile: string, data: unknown): RubricIssue[] {
  const validate = validator(schemaFile);
  if (validate(data)) return [];
  return (validate.errors ?? []).map((error) => toIssue(error, data));
}

function toIssue(error: ErrorObject, data: unknown): RubricIssue {
  const path = error.instancePath
    .split("/")
    .slice(1)
    .map((segment) => segment.replace(/~1/g, "/").replace(/~0/g, "~"));
  let indicator: string | undefined;
  if (path[0] === "indicators" && path.length > 1) {
    indicator = indicatorCode(data, Number(path[1]));
    if (indicator !== undefined) path.splice(0, 2);
  }
  const params = error.params as Record<string, unknown>;
  let message = error.message ?? "is invalid";
  switch (error.keyword) {
    case "required":
      path.push(String(params.missingProperty));
      message = "is required";
      break;
    case "additionalProperties":
      path.push(String(params.additionalProperty));
      message = "is not an allowed field";
      break;
    case "multipleOf":
      message = `must be a multiple of ${String(params.multipleOf)}`;
      break;
    case "enum":
      message = `must be one of ${(params.allowedValues as unknown[]).join(", ")}, not ${JSON.stringify(valueAt(data, error.instancePath))}`;
      break;
    case "pattern":
      message = `must match ${String(params.pattern)}, not ${JSON.stringify(valueAt(data, error.instancePath))}`;
      break;
  }
  return { indicator, field: fieldName(path), message };
}

/** The indicator's code when it has a usable one; otherwise the field keeps the indicator's position. */
function indicatorCode(data: unknown, index: number): string | undefined {
  const code = (data as { indicators?: { code?: unknown }[] }).indicators?.[index]?.code;
  return typeof code === "string" && /^I\d{2}$/.test(code) ? code : undefined;
}

/** ["rules", "1", "points"] → "rules[1].points"; the file's root is "(file)". */
function fieldName(path: string[]): string {
  const name = path.map((s, i) => (/^\d+$/.test(s) ? `[${s}]` : i === 0 ? s : `.${s}`)).join("");
  return name === "" ? "(file)" : name;
}

function valueAt(data: unknown, pointer: string): unknown {
  return pointer
    .split("/")
    .slice(1)
    .reduce<unknown>(
      (node, key) => (node as Record<string, unknown> | undefined)?.[key.replace(/~1/g, "/").replace(/~0/g, "~")],
      data,
    );
}
