import type { UnitEntity, VenueEntity } from "@assess/data";
import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from "type-graphql";
import { Context, who, writer } from "../common/context";
import { containsPattern, parseId } from "../common/ids";
import { visibleChildCount } from "../access/visible";
import { Connection, pageRequest } from "../common/pagination";
import { UNIT_SEARCH_LIMIT } from "./unit.service";
import { Guard, Scoped } from "../access/guard";
import {
  CreateUnitInput,
  CreateVenueInput,
  UnitType,
  UpdateUnitInput,
  UpdateVenueInput,
  VenueFilter,
  VenueObject,
} from "./unit.types";

const VenueConnection = Connection(VenueObject, "VenueConnection", "venue");

const optionalId = (v: string | null | undefined, field: string) =>
  v === null || v === undefined ? null : parseId(v, field);

@Resolver((_of) => UnitType)
export class UnitResolver {
  @Scoped("unit")
  @Query((_returns) => UnitType, {
    nullable: true,
    description: "A unit by id; one that does not exist or that you may not see is NOT_FOUND.",
  })
  async unit(@Arg("id", (_type) => ID, { description: "The unit's id." }) id: string, @Ctx() ctx: Context) {
    return ctx.services.units.visibleUnit(who(ctx), parseId(id, "id"));
  }

  @Scoped("unit")
  @Query((_returns) => [UnitType], {
    description:
      "Children of parentId; without it, the top units you may see. With search: the units you may see whose name or code contains it (单位搜索).",
  })
  units(
    @Arg("parentId", (_type) => ID, {
      nullable: true,
      description: "The unit whose children to list; with search, the unit to search below.",
    })
    parentId: string | null,
    @Arg("search", (_type) => String, {
      nullable: true,
      description: `Text (at least one character, trimmed) that the unit's name or code contains: the visible units anywhere in scope (below parentId when given), at most ${UNIT_SEARCH_LIMIT}, ordered by path.`,
    })
    search: string | null,
    @Ctx() ctx: Context,
  ) {
    const p = who(ctx);
    return ctx.services.units.units(p, optionalId(parentId, "parentId"), containsPattern(search, "search"));
  }

  @Mutation((_returns) => UnitType, {
    description: "Creates a unit (the city admin; a unit manager below their own unit).",
  })
  createUnit(
    @Arg("input", (_type) => CreateUnitInput, { description: "The new unit." }) input: CreateUnitInput,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.units.createUnit(writer(ctx), { ...input, parentId: optionalId(input.parentId, "parentId") });
  }

  @Mutation((_returns) => UnitType, { description: "Rename, move or deactivate a unit." })
  updateUnit(
    @Arg("id", (_type) => ID, { description: "The unit to change: below your own unit (the city admin: any)." })
    id: string,
    @Arg("input", (_type) => UpdateUnitInput, { description: "What to change; absent fields stay." })
    input: UpdateUnitInput,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.units.updateUnit(writer(ctx), parseId(id, "id"), {
      ...input,
      parentId: optionalId(input.parentId, "parentId"),
    });
  }

  @Guard("unit")
  @FieldResolver((_type) => UnitType, {
    nullable: true,
    description: "The unit above (上级单位); null for the CITY, and when you may not see it.",
  })
  async parent(@Root() unit: UnitEntity, @Ctx() ctx: Context) {
    if (unit.parentId === null) return null;
    return ctx.loaders.unit.load(unit.parentId);
  }

  @Guard("unit")
  @FieldResolver((_type) => [UnitType], {
    description: "The units directly below (下级单位) that you may see, inactive ones included, in id order.",
  })
  children(@Root() unit: UnitEntity, @Ctx() ctx: Context) {
    return ctx.loaders.childrenByUnit.load(unit.id);
  }

  @FieldResolver((_type) => Int, {
    description: "How many child units you may see (下级单位数), so that a tree knows which nodes open.",
  })
  childCount(@Root() unit: UnitEntity, @Ctx() ctx: Context) {
    return visibleChildCount(ctx).load(unit.id);
  }

  @Guard("unit")
  @FieldResolver((_type) => [UnitType], {
    description:
      "The ancestors you may see, root first, for breadcrumbs (上级单位路径); the unit itself is not among them.",
  })
  ancestors(@Root() unit: UnitEntity, @Ctx() ctx: Context) {
    return ctx.loaders.ancestors.load(unit.path);
  }

  @Guard("venue")
  @FieldResolver((_type) => [VenueObject], {
    description:
      "The unit's own venues (not those of the units below: venues(filter: { unitId }) covers the subtree) that you may see, inactive ones included, in id order.",
  })
  venues(@Root() unit: UnitEntity, @Ctx() ctx: Context) {
    return ctx.loaders.venuesByUnit.load(unit.id);
  }
}

@Resolver((_of) => VenueObject)
export class VenueResolver {
  @Scoped("venue")
  @Query((_returns) => VenueConnection, {
    description:
      "Venues you may see (managers and integrators: their unit's subtree; venue staff: their venue; assessors: the venues of their tasks), inactive ones included, filtered; a page in id order.",
  })
  venues(
    @Arg("filter", (_type) => VenueFilter, {
      nullable: true,
      description: "What to narrow to; absent: every venue you may see.",
    })
    filter: VenueFilter | null,
    @Arg("first", (_type) => Int, { nullable: true, defaultValue: 50, description: "How many, 1 to 100." })
    first: number,
    @Arg("after", (_type) => String, {
      nullable: true,
      description: "The endCursor of the page before; absent: the first page.",
    })
    after: string | null,
    @Ctx() ctx: Context,
  ) {
    const p = who(ctx);
    const page = pageRequest(first, after);
    return ctx.services.units.venues(
      p,
      {
        unitId: optionalId(filter?.unitId, "filter.unitId"),
        type: filter?.type ?? null,
        search: filter?.search ?? null,
      },
      page,
    );
  }

  @Scoped("venue")
  @Query((_returns) => VenueObject, {
    nullable: true,
    description: "A venue by id; one that does not exist or that you may not see is NOT_FOUND.",
  })
  venue(@Arg("id", (_type) => ID, { description: "The venue's id." }) id: string, @Ctx() ctx: Context) {
    return ctx.services.units.visibleVenue(who(ctx), parseId(id, "id"));
  }

  @Mutation((_returns) => VenueObject, {
    description: "Creates a venue in a unit (the city admin; a unit manager within their unit).",
  })
  createVenue(
    @Arg("input", (_type) => CreateVenueInput, { description: "The new venue." }) input: CreateVenueInput,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.units.createVenue(writer(ctx), { ...input, unitId: parseId(input.unitId, "unitId") });
  }

  @Mutation((_returns) => VenueObject, { description: "Rename, move or deactivate a venue." })
  updateVenue(
    @Arg("id", (_type) => ID, { description: "The venue to change: within your unit (the city admin: any)." })
    id: string,
    @Arg("input", (_type) => UpdateVenueInput, { description: "What to change; absent fields stay." })
    input: UpdateVenueInput,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.units.updateVenue(writer(ctx), parseId(id, "id"), {
      ...input,
      unitId: optionalId(input.unitId, "unitId"),
    });
  }

  @Guard("unit")
  @FieldResolver((_type) => UnitType, { description: "The unit the venue belongs to (所属单位)." })
  async unit(@Root() venue: VenueEntity, @Ctx() ctx: Context) {
    return (await ctx.loaders.unit.load(venue.unitId))!;
  }
}
