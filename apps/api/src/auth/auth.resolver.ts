import { GraphQLError } from "graphql";
import { Arg, Ctx, ID, Mutation, Query, Resolver } from "type-graphql";
import { Scoped } from "../access/guard";
import { LoginLocked } from "./login-throttle";
import { Context, who, writer } from "../common/context";
import { parseId } from "../common/ids";
import { ApiTokenType, AuthPayload, UserType } from "../users/user.types";

@Resolver()
export class AuthResolver {
  @Mutation((_returns) => AuthPayload, { description: "Signs in; the token goes into Authorization: Bearer <token>." })
  async login(
    @Arg("username", (_type) => String, { description: "The sign-in name (用户名)." }) username: string,
    @Arg("password", (_type) => String, {
      description:
        "The password; after too many failures for the username or the address, sign-in is locked for a while (UNAUTHENTICATED, HTTP 429 with Retry-After).",
    })
    password: string,
    @Ctx() ctx: Context,
  ) {
    const signedIn = await ctx.services.auth.login(username, password, ctx.address ?? null).catch((e) => {
      if (!(e instanceof LoginLocked)) throw e;
      const seconds = Math.ceil(e.lockout.retryAfterMs / 1000);
      const at = new Date(ctx.services.clock().getTime() + e.lockout.retryAfterMs + 8 * 3_600_000)
        .toISOString()
        .slice(11, 16);
      throw new GraphQLError(
        `too many failed sign-ins for this ${e.lockout.scope}: locked; try again in ${Math.ceil(seconds / 60)} minute(s), after ${at} (Asia/Shanghai)`,
        {
          extensions: {
            code: "UNAUTHENTICATED",
            reason: "LOCKED",
            retryAfter: seconds,
            http: { status: 429, headers: new Map([["retry-after", String(seconds)]]) },
          },
        },
      );
    });
    // The rest of this answer (the user's unit and venue) is read as the user who just signed in.
    ctx.principal = await ctx.services.auth.principal(signedIn.token);
    return signedIn;
  }

  @Scoped("own")
  @Query((_returns) => UserType, { description: "The signed-in user (for an API token, its INTEGRATOR account)." })
  async me(@Ctx() ctx: Context) {
    const user = await ctx.loaders.user.load(who(ctx).userId);
    return user!;
  }

  @Mutation((_returns) => String, {
    description: "A read-only token for integrators (role INTEGRATOR, over your unit). Shown once.",
  })
  createApiToken(
    @Arg("name", (_type) => String, {
      description: "A name for the token, at most 100 characters (e.g. the system that uses it).",
    })
    name: string,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.auth.createApiToken(writer(ctx), name);
  }

  @Scoped("own")
  @Query((_returns) => [ApiTokenType], { description: "Your API tokens (all of them for the city admin)." })
  apiTokens(@Ctx() ctx: Context) {
    return ctx.services.auth.apiTokens(writer(ctx));
  }

  @Mutation((_returns) => ApiTokenType, {
    description:
      "Stops an API token at once (one you created; the city admin: any). Revoking a revoked token changes nothing; another's token is NOT_FOUND.",
  })
  revokeApiToken(@Arg("id", (_type) => ID, { description: "The ApiToken's id." }) id: string, @Ctx() ctx: Context) {
    return ctx.services.auth.revokeApiToken(writer(ctx), parseId(id, "id"), ctx.services.clock());
  }

  @Mutation((_returns) => Boolean, {
    description:
      "Changes your own password and answers true: every session of yours ends, this one too, so sign in again. Required first after resetPassword.",
  })
  async changePassword(
    @Arg("currentPassword", (_type) => String, {
      description: "Your password now (or the temporary one from resetPassword); a wrong one is BAD_USER_INPUT.",
    })
    currentPassword: string,
    @Arg("newPassword", (_type) => String, {
      description:
        "The new password: at least 8 characters, at most 72 bytes (UTF-8), not a commonly used one, not containing your username, not one character repeated, not the current one.",
    })
    newPassword: string,
    @Ctx() ctx: Context,
  ) {
    await ctx.services.auth.changePassword(writer(ctx), currentPassword, newPassword);
    return true;
  }
}
