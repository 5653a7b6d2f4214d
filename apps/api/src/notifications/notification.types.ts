import { Field, ID, ObjectType } from "type-graphql";
import { Connection } from "../common/pagination";

@ObjectType("Notification", { description: "A message to one user: a reminder before a due date, or an escalation of an overdue rectification." })
export class NotificationType {
  @Field((_type) => ID) id!: number;
  @Field((_type) => String, { description: "REMINDER, ESCALATION_1 (the district or department), ESCALATION_2 (the city)." }) kind!: string;
  @Field((_type) => String) message!: string;
  @Field((_type) => Boolean) read!: boolean;
  @Field((_type) => Date, { nullable: true }) readAt!: Date | null;
  @Field((_type) => Date) createdAt!: Date;
  taskId!: number | null;
  /** Whether the reader may still see the task (its scope may have changed since). */
  taskVisible!: boolean;
}

export const NotificationConnection = Connection(NotificationType, "NotificationConnection");
