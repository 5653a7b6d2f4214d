import type { WebhookEvent } from "@assess/data";
import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from "type-graphql";
import { Scoped } from "../access/guard";
import { Context, who, writer } from "../common/context";
import { parseId } from "../common/ids";
import { pageRequest } from "../common/pagination";
import { CreatedWebhookType, WebhookDeliveryConnection, WebhookEventEnum, WebhookType } from "./webhook.types";

@Resolver((_of) => WebhookType)
export class WebhookResolver {
  @Scoped("own")
  @Query((_returns) => [WebhookType], { description: "Your webhooks (the city admin: everyone's), oldest first." })
  webhooks(@Ctx() ctx: Context) {
    return ctx.services.webhooks.list(who(ctx));
  }

  @Mutation((_returns) => CreatedWebhookType, {
    description:
      "A webhook for the events named (the city admin and unit managers): each is POSTed as JSON {id, event, occurredAt, data}, signed in X-Webhook-Signature (sha256=<hex HMAC-SHA256 of the body with the secret>). URLs that resolve to loopback, private or link-local addresses are refused unless WEBHOOK_ALLOW_PRIVATE=1.",
  })
  createWebhook(
    @Arg("url", (_type) => String, { description: "http or https." }) url: string,
    @Arg("events", (_type) => [WebhookEventEnum], { description: "The events to receive: at least one." })
    events: WebhookEvent[],
    @Ctx() ctx: Context,
  ) {
    return ctx.services.webhooks.create(writer(ctx), url, events);
  }

  @Mutation((_returns) => Boolean, {
    description: "Deletes one of your webhooks (the city admin: anyone's); its pending deliveries are not sent.",
  })
  deleteWebhook(
    @Arg("id", (_type) => ID, {
      description: "The webhook's id; one not yours (unless you are the city admin) or already deleted is NOT_FOUND.",
    })
    id: string,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.webhooks.delete(writer(ctx), parseId(id, "id"));
  }

  @FieldResolver((_type) => WebhookDeliveryConnection, {
    description: "Its deliveries, newest first, with their attempts.",
  })
  deliveries(
    @Root() w: WebhookType,
    @Arg("first", (_type) => Int, { nullable: true, defaultValue: 20, description: "How many, 1 to 100." })
    first: number,
    @Arg("after", (_type) => String, {
      nullable: true,
      description: "The endCursor of the page before; absent: the first page, the newest.",
    })
    after: string | null,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.webhooks.deliveries(w.id, pageRequest(first, after));
  }
}
