import { Field, ID, ObjectType, registerEnumType } from "type-graphql";

export enum ExtensionStatusEnum {
  REQUESTED = "REQUESTED",
  GRANTED = "GRANTED",
  REFUSED = "REFUSED",
}
registerEnumType(ExtensionStatusEnum, {
  name: "ExtensionStatus",
  description: "Where an extension request stands: waiting for the city, granted, or refused.",
  valuesConfig: {
    REQUESTED: { description: "Waiting for the city's decision (a task has at most one such request)." },
    GRANTED: { description: "Granted: the task's due date became requestedDueAt." },
    REFUSED: { description: "Refused: the due date stayed." },
  },
});

@ObjectType("Extension", {
  description: "A manager's request to the city to move a task's due date later (延期申请), and the decision.",
})
export class ExtensionType {
  @Field((_type) => ID, { description: "The request's id (for decideExtension)." }) id!: number;
  @Field((_type) => Date, { description: "The due date asked for." }) requestedDueAt!: Date;
  @Field((_type) => Date, { description: "The due date when it was asked." }) previousDueAt!: Date;
  @Field((_type) => String, { description: "Why it is asked for." }) reason!: string;
  @Field((_type) => ExtensionStatusEnum, { description: "Where it stands." }) status!: ExtensionStatusEnum;
  @Field((_type) => String, { nullable: true, description: "The city's comment on its decision." }) comment!:
    string | null;
  @Field((_type) => Date, { description: "When it was asked for." }) createdAt!: Date;
  @Field((_type) => Date, { nullable: true, description: "When the city decided; null while REQUESTED." })
  decidedAt!: Date | null;
  taskId!: number;
  requestedById!: number;
  decidedById!: number | null;
}
