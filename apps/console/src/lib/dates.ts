import { endOfDayShanghai } from "@assess/domain";
import type { Dayjs } from "dayjs";

/** A day picked in a date picker is due at its end in Asia/Shanghai, as the plan's deadlines are. */
export const dueAtEndOfDay = (d: Dayjs | null | undefined): string | null =>
  d ? endOfDayShanghai(d.year(), d.month() + 1, d.date()).toISOString() : null;
