import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { checkPassword, hashPassword, verifyPassword } from "./passwords";

describe("passwords", () => {
  it("hashes and checks in worker threads, and a script that used them still exits", async () => {
    const hash = await hashPassword("a-fine-pass-77", 4);
    expect(hash).toMatch(/^\$2[aby]\$04\$/);
    expect(await verifyPassword("a-fine-pass-77", hash)).toBe(true);
    expect(await verifyPassword("another-pass-77", hash)).toBe(false);
    // The pool's idle threads do not hold the process: a script that hashed once ends by itself.
    // (The built module: `npm test` builds first.)
    const built = join(__dirname, "..", "..", "dist", "auth", "hash-pool.js");
    const script = `require(${JSON.stringify(built)}).hashInPool("x-pass-1234", 4).then(() => console.log("done"));`;
    expect(execFileSync(process.execPath, ["-e", script], { encoding: "utf8", timeout: 15_000 })).toContain("done");
  });

  it("refuses what the policy forbids, naming the field", () => {
    expect(() => checkPassword("short", "p")).toThrow(expect.objectContaining({ code: "BAD_USER_INPUT", field: "p" }));
    expect(() => checkPassword("密".repeat(25))).toThrow(/72 bytes/);
    expect(() => checkPassword("Qwerty123")).toThrow(/commonly used/);
    expect(() => checkPassword("wang-xiaoming-1", "password", "Xiaoming")).toThrow(/username/);
    expect(() => checkPassword("a-perfectly-fine-one")).not.toThrow();
  });
});
