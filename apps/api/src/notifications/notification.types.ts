import { Field, ID, ObjectType } from "type-graphql";
import { Connection } from "../common/pagination";

@ObjectType("Notification", {
  description: "A message to one user: a reminder before a due date, or an escalation of an overdue rectification.",
})
export class NotificationType {
  @Field((_type) => ID, { description: "The notification's id, for markNotificationsRead." }) id!: number;
  @Field((_type) => String, {
    description:
      "REMINDER, ESCALATION_1 (the district or department), ESCALATION_2 (the city) of an overdue rectification; PROBLEM_ESCALATION_1 and PROBLEM_ESCALATION_2 of a problem left without a rectification past the grace period (敷衍推诿); EXTENSION_REQUESTED, EXTENSION_DECIDED.",
  })
  kind!: string;
  @Field((_type) => String, { description: "The message as shown to the user (Chinese)." }) message!: string;
  @Field((_type) => Boolean, { description: "Whether it was marked read (markNotificationsRead)." }) read!: boolean;
  @Field((_type) => Date, { nullable: true, description: "When it was marked read; null while unread." })
  readAt!: Date | null;
  @Field((_type) => Date, { description: "When it was sent." }) createdAt!: Date;
  taskId!: number | null;
  problemId!: number | null;
}

export const NotificationConnection = Connection(NotificationType, "NotificationConnection", "own");
