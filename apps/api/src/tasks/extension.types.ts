import { Field, ID, ObjectType, registerEnumType } from "type-graphql";

export enum ExtensionStatusEnum {
  REQUESTED = "REQUESTED",
  GRANTED = "GRANTED",
  REFUSED = "REFUSED",
}
registerEnumType(ExtensionStatusEnum, { name: "ExtensionStatus", description: "Where an extension request stands: waiting for the city, granted, or refused." });

@ObjectType("Extension", { description: "A manager's request to the city to move a task's due date later (延期申请), and the decision." })
export class ExtensionType {
  @Field((_type) => ID) id!: number;
  @Field((_type) => Date, { description: "The due date asked for." }) requestedDueAt!: Date;
  @Field((_type) => Date, { description: "The due date when it was asked." }) previousDueAt!: Date;
  @Field((_type) => String, { description: "Why it is asked for." }) reason!: string;
  @Field((_type) => ExtensionStatusEnum) status!: ExtensionStatusEnum;
  @Field((_type) => String, { nullable: true, description: "The city's comment on its decision." }) comment!: string | null;
  @Field((_type) => Date) createdAt!: Date;
  @Field((_type) => Date, { nullable: true }) decidedAt!: Date | null;
  taskId!: number;
  requestedById!: number;
  decidedById!: number | null;
}
