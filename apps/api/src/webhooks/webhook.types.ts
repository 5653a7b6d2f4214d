import { WEBHOOK_EVENTS, type WebhookEvent } from "@assess/data";
import { Field, ID, Int, ObjectType, registerEnumType } from "type-graphql";
import { Scoped } from "../access/guard";
import { Connection } from "../common/pagination";

const asEnum = <T extends string>(values: readonly T[]) => Object.fromEntries(values.map((v) => [v, v])) as { [K in T]: K };
export const WebhookEventEnum = asEnum(WEBHOOK_EVENTS);
registerEnumType(WebhookEventEnum, {
  name: "WebhookEvent",
  description: "What a webhook hears of, only about what its owner may see: a task assigned, submitted, returned, completed (approved) or escalated; a problem created, resolved or reopened by a re-check; an annual evaluation completed.",
});

@ObjectType("WebhookDelivery", { description: "One event sent (or being sent) to a webhook: at least once, retried with backoff until a 2xx." })
export class WebhookDeliveryType {
  @Field((_type) => ID, { description: "Also the X-Webhook-Id header and the body's id: the same on every retry." }) id!: number;
  @Field((_type) => WebhookEventEnum) event!: WebhookEvent;
  @Field((_type) => Int, { description: "POSTs tried so far." }) attempts!: number;
  @Field((_type) => Int, { nullable: true, description: "HTTP status of the last attempt; null when it got no answer." }) lastStatus!: number | null;
  @Field((_type) => String, { nullable: true, description: "Why the last attempt failed, if it did." }) lastError!: string | null;
  @Field((_type) => Date, { nullable: true, description: "When a 2xx answered it; null until then." }) deliveredAt!: Date | null;
  @Field((_type) => Date, { nullable: true, description: "When the last of its attempts failed (no more are made)." }) failedAt!: Date | null;
  @Field((_type) => Date) createdAt!: Date;
}

export const WebhookDeliveryConnection = Connection(WebhookDeliveryType, "WebhookDeliveryConnection", "own");

@ObjectType("Webhook", { description: "A URL that receives signed POSTs of events (its owner's, or the city admin's to see)." })
export class WebhookType {
  @Field((_type) => ID) id!: number;
  @Field((_type) => String) url!: string;
  @Field((_type) => [WebhookEventEnum]) events!: WebhookEvent[];
  @Field((_type) => Boolean, { description: "False once deleted." }) active!: boolean;
  @Field((_type) => Date) createdAt!: Date;
  ownerId!: number;
}

@ObjectType("CreatedWebhook")
export class CreatedWebhookType {
  @Scoped("own")
  @Field((_type) => WebhookType) webhook!: WebhookType;
  @Field((_type) => String, { description: "The HMAC-SHA256 key of X-Webhook-Signature; shown once." }) secret!: string;
}
