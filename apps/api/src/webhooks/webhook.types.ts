import { WEBHOOK_EVENTS, type WebhookEvent } from "@assess/data";
import { Field, ID, Int, ObjectType, registerEnumType } from "type-graphql";
import { asEnum } from "../common/enums";
import { Scoped } from "../access/guard";
import { Connection } from "../common/pagination";

export const WebhookEventEnum = asEnum(WEBHOOK_EVENTS);
registerEnumType(WebhookEventEnum, {
  name: "WebhookEvent",
  description:
    "What a webhook hears of, only about what its owner may see: a task assigned, submitted, returned, completed (approved) or escalated; a problem created, resolved or reopened by a re-check; an annual evaluation completed.",
  valuesConfig: {
    TASK_ASSIGNED: {
      description:
        "A task was assigned (下达); data: taskId, kind, status, campaignId, venueId, unitId, assigneeId, dueAt, escalationLevel.",
    },
    TASK_SUBMITTED: { description: "A task was submitted for review; data as TASK_ASSIGNED." },
    TASK_RETURNED: { description: "A submitted task was returned to its assignee; data as TASK_ASSIGNED." },
    TASK_COMPLETED: { description: "A task was approved and is COMPLETED; data as TASK_ASSIGNED." },
    TASK_ESCALATED: {
      description:
        "An overdue rectification was escalated (督办) one level; data as TASK_ASSIGNED, with the new escalationLevel.",
    },
    PROBLEM_CREATED: {
      description:
        "A problem was put on the list (an approved sheet, or reportProblem); data: problemId, status, campaignId, venueId, indicatorCode, ruleCode, sourceTaskId, recurrence.",
    },
    PROBLEM_RESOLVED: {
      description: "An approved re-check found a problem rectified (RESOLVED); data as PROBLEM_CREATED.",
    },
    PROBLEM_REOPENED: {
      description:
        "An approved re-check found a problem not rectified (整改不到位), back to OPEN; data as PROBLEM_CREATED.",
    },
    EVALUATION_COMPLETED: {
      description:
        "An annual evaluation run was stored; data: campaignId, jobRunId. Only for owners who may read the annual evaluation.",
    },
  },
});

@ObjectType("WebhookDelivery", {
  description: "One event sent (or being sent) to a webhook: at least once, retried with backoff until a 2xx.",
})
export class WebhookDeliveryType {
  @Field((_type) => ID, { description: "Also the X-Webhook-Id header and the body's id: the same on every retry." })
  id!: number;
  @Field((_type) => WebhookEventEnum, { description: "The event delivered (X-Webhook-Event)." }) event!: WebhookEvent;
  @Field((_type) => Int, { description: "POSTs tried so far." }) attempts!: number;
  @Field((_type) => Int, {
    nullable: true,
    description: "HTTP status of the last attempt; null when it got no answer.",
  })
  lastStatus!: number | null;
  @Field((_type) => String, { nullable: true, description: "Why the last attempt failed, if it did." }) lastError!:
    string | null;
  @Field((_type) => Date, { nullable: true, description: "When a 2xx answered it; null until then." })
  deliveredAt!: Date | null;
  @Field((_type) => Date, { nullable: true, description: "When the last of its attempts failed (no more are made)." })
  failedAt!: Date | null;
  @Field((_type) => Date, { description: "When it was recorded, with the change it tells of." }) createdAt!: Date;
}

export const WebhookDeliveryConnection = Connection(WebhookDeliveryType, "WebhookDeliveryConnection", "own");

@ObjectType("Webhook", {
  description: "A URL that receives signed POSTs of events (its owner's, or the city admin's to see).",
})
export class WebhookType {
  @Field((_type) => ID, { description: "The webhook's id, for deleteWebhook." }) id!: number;
  @Field((_type) => String, { description: "Where events are POSTed (http or https)." }) url!: string;
  @Field((_type) => [WebhookEventEnum], {
    description: "The events it subscribes to, as given at creation (duplicates dropped).",
  })
  events!: WebhookEvent[];
  @Field((_type) => Boolean, { description: "False once deleted." }) active!: boolean;
  @Field((_type) => Date, { description: "When it was created." }) createdAt!: Date;
  ownerId!: number;
}

@ObjectType("CreatedWebhook", {
  description: "What createWebhook answers: the webhook and its signing secret, which is never shown again.",
})
export class CreatedWebhookType {
  @Scoped("own")
  @Field((_type) => WebhookType, { description: "The webhook created." })
  webhook!: WebhookType;
  @Field((_type) => String, { description: "The HMAC-SHA256 key of X-Webhook-Signature; shown once." }) secret!: string;
}
