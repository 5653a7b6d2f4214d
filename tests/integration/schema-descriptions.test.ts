import "reflect-metadata";
import {
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isObjectType,
  isScalarType,
  type GraphQLSchema,
} from "graphql";
import { describe, expect, it } from "vitest";
import { schema } from "../../apps/api/src/schema";

/**
 * The schema speaks (issue 12): every type, field, argument, input field and enum value has a description, so that an
 * integrator reads the API from its schema alone. Fails below 95%; DESCRIPTIONS_MISSING=1 lists what lacks one.
 */
function coverage(s: GraphQLSchema) {
  const missing: string[] = [];
  let total = 0;
  const count = (name: string, description: string | null | undefined) => {
    total++;
    if (!description || !description.trim()) missing.push(name);
  };
  for (const t of Object.values(s.getTypeMap())) {
    if (t.name.startsWith("__") || (isScalarType(t) && ["String", "Int", "Float", "Boolean", "ID"].includes(t.name)))
      continue;
    count(t.name, t.description);
    if (isObjectType(t) || isInterfaceType(t) || isInputObjectType(t)) {
      for (const f of Object.values(t.getFields())) {
        count(`${t.name}.${f.name}`, f.description);
        for (const a of "args" in f ? f.args : []) count(`${t.name}.${f.name}(${a.name})`, a.description);
      }
    }
    if (isEnumType(t)) for (const v of t.getValues()) count(`${t.name}.${v.name}`, v.description);
  }
  return { total, described: total - missing.length, missing };
}

describe("the schema's descriptions", () => {
  it("describe at least 95% of types, fields, arguments, input fields and enum values", async () => {
    const { total, described, missing } = coverage(await schema());
    const share = (100 * described) / total;
    console.log(`schema descriptions: ${described} of ${total} (${share.toFixed(1)}%); ${missing.length} without one`);
    if (process.env.DESCRIPTIONS_MISSING) console.log(missing.join("\n"));
    expect(share).toBeGreaterThanOrEqual(95);
  });
});
