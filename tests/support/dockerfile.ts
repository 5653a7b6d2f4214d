import { cpSync, existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, posix } from "node:path";

/** One instruction of a Dockerfile: `COPY --from=build /app /app` is { op: "COPY", flags: { from: "build" }, args: ["/app", "/app"] }. */
export interface Instruction {
  op: string;
  flags: Record<string, string>;
  args: string[];
  /** The arguments as written, for RUN's shell form and CMD's JSON form. */
  text: string;
}

export interface Stage {
  name?: string;
  instructions: Instruction[];
}

/** Lines joined at a trailing backslash, comments and blank lines dropped. */
function logicalLines(text: string): string[] {
  const joined = text.replace(/\\\r?\n/g, " ");
  return joined
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith("#"));
}

function parseInstruction(line: string): Instruction {
  const [, op, rest] = /^(\S+)\s*(.*)$/.exec(line)!;
  const words = rest.split(/\s+/).filter(Boolean);
  const flags: Record<string, string> = {};
  while (words[0]?.startsWith("--")) {
    const [key, value = ""] = words.shift()!.slice(2).split("=");
    flags[key!] = value;
  }
  return { op: op!.toUpperCase(), flags, args: words, text: rest };
}

/** The stages of a Dockerfile, in order, with their instructions. */
export function parseDockerfile(text: string): Stage[] {
  const stages: Stage[] = [];
  for (const line of logicalLines(text)) {
    const instruction = parseInstruction(line);
    if (instruction.op === "FROM") {
      const as = instruction.args.findIndex((a) => a.toUpperCase() === "AS");
      stages.push({ name: as >= 0 ? instruction.args[as + 1] : undefined, instructions: [] });
    } else {
      if (!stages.length) throw new Error(`${instruction.op} before FROM`);
      stages.at(-1)!.instructions.push(instruction);
    }
  }
  return stages;
}

/** A .dockerignore pattern as a regular expression over a context-relative path ("**" spans directories). */
function ignoreRegex(pattern: string): RegExp {
  const clean = posix.normalize(pattern.replace(/^\/+/, "")).replace(/\/+$/, "");
  let source = "";
  for (let i = 0; i < clean.length; i++) {
    const c = clean[i]!;
    if (c === "*" && clean[i + 1] === "*") {
      source += clean[i + 2] === "/" ? "(?:.*/)?" : ".*";
      i += clean[i + 2] === "/" ? 2 : 1;
    } else if (c === "*") source += "[^/]*";
    else if (c === "?") source += "[^/]";
    else source += c.replace(/[.+^${}()|[\]\\]/g, "\\$&");
  }
  return new RegExp(`^${source}$`);
}

/**
 * The context's .dockerignore as a predicate over context-relative paths. A path is left out when it or a directory
 * above it matches. Exceptions (`!pattern`) are not read here, so one makes this check refuse rather than guess.
 */
export function dockerIgnore(contextDir: string): (path: string) => boolean {
  const file = join(contextDir, ".dockerignore");
  const patterns = existsSync(file) ? logicalLines(readFileSync(file, "utf8")) : [];
  const exception = patterns.find((p) => p.startsWith("!"));
  if (exception)
    throw new Error(`.dockerignore exception "${exception}" is not supported by tests/support/dockerfile.ts`);
  const regexes = patterns.map(ignoreRegex);
  return (path) => {
    const parts = path.split("/");
    return parts.some((_, i) => regexes.some((r) => r.test(parts.slice(0, i + 1).join("/"))));
  };
}

/** The context-relative paths a COPY source names: itself, or the files of its directory its wildcards match. */
function expandSource(contextDir: string, source: string): string[] {
  const clean = posix.normalize(source.replace(/^\.?\/+/, ""));
  if (!/[*?]/.test(clean)) return [clean];
  const dir = posix.dirname(clean);
  const name = ignoreRegex(posix.basename(clean));
  return readdirSync(join(contextDir, dir))
    .filter((f) => name.test(f))
    .map((f) => posix.join(dir, f));
}

/**
 * Does what the build stage's `COPY` lines do, into `root` (the stage's WORKDIR): each source from the context, less
 * what .dockerignore leaves out, into its destination. Returns the context paths copied, for the test to report.
 */
export function copyAsDockerDoes(contextDir: string, copies: Instruction[], root: string): string[] {
  const ignored = dockerIgnore(contextDir);
  const copied: string[] = [];
  for (const copy of copies) {
    const sources = copy.args.slice(0, -1).flatMap((s) => expandSource(contextDir, s));
    const destination = copy.args.at(-1)!;
    for (const source of sources) {
      if (!existsSync(join(contextDir, source))) throw new Error(`COPY ${source}: not in the build context`);
      if (ignored(source)) continue;
      // "COPY a b ./" puts a and b into the directory; "COPY apps ./apps" puts the directory apps/ there.
      const target =
        destination.endsWith("/") && !statSync(join(contextDir, source)).isDirectory()
          ? join(root, destination, posix.basename(source))
          : join(root, destination);
      cpSync(join(contextDir, source), target, {
        recursive: true,
        filter: (from) => !ignored(posix.relative(contextDir, from)),
      });
      copied.push(source);
    }
  }
  return copied;
}

/** The WORKDIR a stage's instructions run in (Docker's default is /). */
export function workdirOf(stage: Stage): string {
  return stage.instructions.filter((i) => i.op === "WORKDIR").at(-1)?.args[0] ?? "/";
}

/** A stage's ENV lines as one object (`ENV A=1 B=2` form). */
export function envOf(stage: Stage): Record<string, string> {
  const env: Record<string, string> = {};
  for (const i of stage.instructions.filter((x) => x.op === "ENV")) {
    for (const pair of i.args) {
      const [key, ...value] = pair.split("=");
      env[key!] = value.join("=");
    }
  }
  return env;
}

/** Every file and directory under `root`, as relative paths, but those `skip` says not to enter. */
export function walk(root: string, skip: (path: string) => boolean = () => false, prefix = ""): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(join(root, prefix), { withFileTypes: true })) {
    const path = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (skip(path)) continue;
    out.push(path);
    if (entry.isDirectory()) out.push(...walk(root, skip, path));
  }
  return out;
}
