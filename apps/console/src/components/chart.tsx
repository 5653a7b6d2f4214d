import { Skeleton } from "antd";
import { lazy, Suspense } from "react";
import type { EChartProps } from "./echart";

const EChart = lazy(() => import("./echart"));

/** A chart, with ECharts loaded only by the pages that draw one. */
export function Chart(props: EChartProps) {
  return (
    <Suspense fallback={<Skeleton.Node active style={{ width: "100%", height: props.height }} />}>
      <EChart {...props} />
    </Suspense>
  );
}
