import { ValueTransformer } from "typeorm";

/** mysql2 returns DECIMAL as a string; scores are halves, so parseFloat is exact. */
export const decimal: ValueTransformer = {
  to: (v: number | null | undefined) => v,
  from: (v: string | null) => (v === null ? null : Number(v)),
};

/** BIGINT ids and counts come back as strings; ours stay far below 2^53. */
export const bigint: ValueTransformer = {
  to: (v: number | null | undefined) => v,
  from: (v: string | null) => (v === null ? null : Number(v)),
};
