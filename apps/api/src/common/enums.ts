import {
  ASSESSMENT_METHODS,
  JOB_STATES,
  PROBLEM_STATUSES,
  ROLES,
  RULE_KINDS,
  RULE_SCOPES,
  TASK_KINDS,
  TASK_STATUSES,
  UNIT_KINDS,
  VENUE_TYPES,
} from "@assess/domain";
import { registerEnumType } from "type-graphql";

/** GraphQL enums from the domain's lists, so that the two cannot drift apart. */
export const asEnum = <T extends string>(values: readonly T[]) =>
  Object.fromEntries(values.map((v) => [v, v])) as { [K in T]: K };

export const VenueTypeEnum = asEnum(VENUE_TYPES);
export const UnitKindEnum = asEnum(UNIT_KINDS);
export const AssessmentMethodEnum = asEnum(ASSESSMENT_METHODS);
export const RuleKindEnum = asEnum(RULE_KINDS);
export const RuleScopeEnum = asEnum(RULE_SCOPES);
export const RoleEnum = asEnum(ROLES);
export const TaskKindEnum = asEnum(TASK_KINDS);
export const TaskStatusEnum = asEnum(TASK_STATUSES);
export const ProblemStatusEnum = asEnum(PROBLEM_STATUSES);
export const JobStateEnum = asEnum(JOB_STATES);

registerEnumType(VenueTypeEnum, {
  name: "VenueType",
  description: "综合政务服务中心, 专业分中心, 便民服务中心, 便民服务站",
  valuesConfig: {
    COMPREHENSIVE_CENTER: {
      description:
        "A comprehensive government-service centre (综合政务服务中心) of the city or a district; scored by annex 1 (附件1, I01–I24).",
    },
    PROFESSIONAL_SUBCENTER: {
      description:
        "A professional sub-centre (专业分中心) of the city, a district or a city department; scored by annex 2 (附件2, I01–I20).",
    },
    CONVENIENCE_CENTER: {
      description:
        "A convenience service centre (便民服务中心) of a township or sub-district (乡镇（街道）); scored by annex 3 (附件3, I01–I20).",
    },
    CONVENIENCE_STATION: {
      description:
        "A convenience service station (便民服务站) of a village or community (村（社区）); scored by annex 4 (附件4, I01–I20).",
    },
  },
});
registerEnumType(UnitKindEnum, {
  name: "UnitKind",
  description:
    "The level of a unit (单位) in the plan's hierarchy: 市 → 县（市、区） and 市直部门 → 乡镇（街道） → 村（社区）.",
  valuesConfig: {
    CITY: { description: "The city (市), with its business-environment bureau (市营商局); the root, with no parent." },
    DISTRICT: {
      description:
        "A county, county-level city or district (县（市、区）) with its business-environment department (营商部门); under the city.",
    },
    DEPARTMENT: { description: "A city department (市直部门) that runs a professional sub-centre; under the city." },
    TOWNSHIP: {
      description: "A township or sub-district (乡镇（街道）), home of a convenience centre; under a district.",
    },
    VILLAGE: { description: "A village or community (村（社区）), home of a convenience station; under a township." },
  },
});
registerEnumType(AssessmentMethodEnum, {
  name: "AssessmentMethod",
  description: "How an indicator is assessed (考核方式), as its annex row lists.",
  valuesConfig: {
    ON_SITE: { description: "On-site inspection (现场检查)." },
    UNANNOUNCED: {
      description:
        "Unannounced inspection (明察暗访): only indicators with this method take findings in an UNANNOUNCED_INSPECTION.",
    },
    BACKEND: { description: "Verification in the back-end systems (后台验证)." },
    EVIDENCE: { description: "Supporting documents (证明材料), as for the bonus row (加分项)." },
  },
});
registerEnumType(RuleKindEnum, {
  name: "RuleKind",
  description: "How a rule of an indicator's 评分标准 counts: a fixed deduction, a deduction per case, or a bonus.",
  valuesConfig: {
    FIXED: { description: "A fixed deduction (扣N分), at most once per sheet: a finding's occurrences are 0 or 1." },
    PER_OCCURRENCE: {
      description:
        "A deduction for each item or case (每事项/每件次扣N分), until the indicator's points are used up (扣完为止).",
    },
    BONUS: {
      description:
        "A bonus for each item (每项加N分) of the bonus row (加分项), up to the rubric's bonusCap (加满为止); never a problem.",
    },
  },
});
registerEnumType(RuleScopeEnum, {
  name: "RuleScope",
  description: "The venues a rule is limited to: COMMUNITY, only a 社区 station (Venue.community).",
  valuesConfig: {
    COMMUNITY: { description: "Only a CONVENIENCE_STATION of a 社区 (Venue.community true), not of a 村." },
  },
});
registerEnumType(RoleEnum, {
  name: "Role",
  description: "What a user is in the assessment (角色); it decides what they see and may do.",
  valuesConfig: {
    CITY_ADMIN: {
      description:
        "The city's business-environment bureau (市营商局) administrator: sees everything, runs campaigns and the annual evaluation, assigns the city's assessments and annual reports.",
    },
    UNIT_MANAGER: {
      description:
        "A manager of a district, department, township or village (各地区营商部门、市直部门、乡镇（街道）、村（社区）): sees their unit's subtree, manages its units, venues and users, and assigns the tasks the plan gives that level.",
    },
    ASSESSOR: {
      description:
        "An assessor (考核人员): sees the tasks assigned to them and what those need (their venues, the problems they carry).",
    },
    VENUE_STAFF: {
      description:
        "Staff of one venue (窗口工作人员): see their venue, its problems, its self-checks, rectifications and re-checks, and its assessments once completed; they may take self-checks and rectifications, never an assessment, inspection or re-check.",
    },
    INTEGRATOR: {
      description:
        "The account of an API token (createApiToken): read-only, over the unit subtree of the user who created it (the whole city when that user has no unit).",
    },
  },
});
registerEnumType(TaskKindEnum, {
  name: "TaskKind",
  description: "The kind of a task (任务类型): the phases of the plan's section 五.",
  valuesConfig: {
    SELF_CHECK: {
      description:
        "Self-check (自检评估) of a venue against its rubric, assigned by its district or department (or the city); due by selfCheckDue (end of May).",
    },
    UNIFIED_ASSESSMENT: {
      description:
        "Unified assessment (统一考核) of a venue against its rubric: centres and sub-centres by unifiedAssessmentDue (mid-June), convenience venues by convenienceAssessmentDue (end of September). The latest completed one is the venue's score in the annual evaluation.",
    },
    UNANNOUNCED_INSPECTION: {
      description:
        "Unannounced inspection (明察暗访) of a venue: findings only on indicators assessed by 明察暗访, and problems reported at once (reportProblem); the sheet need not be complete. Hidden from the venue's side until it finds something or is completed.",
    },
    RECTIFICATION: {
      description:
        "Rectification (整改) of OPEN problems of one venue (problemIds), by default due rectificationDays after it is assigned; its submission hands them to a re-check. Overdue ones are escalated (督办) and count in the annual evaluation.",
    },
    RECHECK: {
      description:
        "Re-check (复检复查) of problems AWAITING_RECHECK at one venue: its submission gives a verdict per problem, which takes effect when it is approved.",
    },
    ANNUAL_REPORT: {
      description:
        "The annual work report (年度工作报告) of a DISTRICT or DEPARTMENT unit to the city: a text (report) about the unit, no venue; assigned by the city, due by annualReportDue (end of October).",
    },
  },
});
registerEnumType(TaskStatusEnum, {
  name: "TaskStatus",
  description:
    "Where a task stands (任务状态): ASSIGNED → IN_PROGRESS → SUBMITTED → COMPLETED, or RETURNED to IN_PROGRESS; CANCELLED from any open status.",
  valuesConfig: {
    ASSIGNED: { description: "Given to its assignee (已下达), not started yet." },
    IN_PROGRESS: {
      description: "Being worked on by its assignee (进行中): started, or resumed after it was returned.",
    },
    SUBMITTED: {
      description:
        "Submitted by its assignee (已提交), waiting for review (reviewTask) by the level that assigned it or the city.",
    },
    RETURNED: {
      description:
        "Sent back by the reviewer (已退回); the assignee starts it again or saves its sheet, which makes it IN_PROGRESS.",
    },
    COMPLETED: {
      description:
        "Approved (已完成); final. A scoring task's findings then become problems, a re-check's verdicts take effect.",
    },
    CANCELLED: { description: "Cancelled with a reason (已撤销); final." },
  },
});
registerEnumType(ProblemStatusEnum, {
  name: "ProblemStatus",
  description:
    "Where a problem (问题) stands in its rectification: OPEN → RECTIFYING → AWAITING_RECHECK → RESOLVED, or back to OPEN.",
  valuesConfig: {
    OPEN: {
      description:
        "Waiting for a rectification (待整改): just found, sent back by a re-check (整改不到位), or its rectification was cancelled.",
    },
    RECTIFYING: { description: "On an open RECTIFICATION task (整改中)." },
    AWAITING_RECHECK: {
      description: "Its rectification was submitted (待复检): waiting for an approved re-check's verdict.",
    },
    RESOLVED: { description: "Found rectified by an approved re-check (已整改); final." },
  },
});
registerEnumType(JobStateEnum, {
  name: "JobState",
  description: "Where a background job run stands.",
  valuesConfig: {
    QUEUED: { description: "Waiting for a worker." },
    ACTIVE: { description: "Running, or waiting for its next attempt after one failed (failedReason says why)." },
    COMPLETED: { description: "Finished; result says what it did." },
    FAILED: {
      description: "Given up after its last attempt, or never queued (Redis unreachable); failedReason says why.",
    },
  },
});

/** The order of a list: by id (creation), or by the last change for incremental sync. */
export const ListOrderEnum = { ID: "ID", UPDATED_AT: "UPDATED_AT" } as const;
registerEnumType(ListOrderEnum, {
  name: "ListOrder",
  description:
    "ID: in id order (oldest first). UPDATED_AT: oldest change first (updatedAt, then id), for incremental sync with updatedSince.",
  valuesConfig: {
    ID: { description: "In id order, oldest first (the default)." },
    UPDATED_AT: {
      description:
        "Oldest change first (updatedAt, then id), for incremental sync with filter.updatedSince; its cursors are not those of ID.",
    },
  },
});
