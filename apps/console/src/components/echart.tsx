import { BarChart, PieChart } from "echarts/charts";
import { GridComponent, LegendComponent, TooltipComponent } from "echarts/components";
import * as echarts from "echarts/core";
import { CanvasRenderer } from "echarts/renderers";
import { useEffect, useRef } from "react";

echarts.use([BarChart, PieChart, GridComponent, TooltipComponent, LegendComponent, CanvasRenderer]);

export interface EChartProps {
  option: echarts.EChartsCoreOption;
  height: number;
  /** What the chart shows, for screen readers (the numbers are also printed beside it). */
  label: string;
  onClick?: (params: { name: string; seriesName?: string; dataIndex: number; seriesIndex?: number }) => void;
}

/** One ECharts instance, sized to its box and resized with the window. */
export default function EChart({ option, height, label, onClick }: EChartProps) {
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const click = useRef(onClick);
  click.current = onClick;

  useEffect(() => {
    const c = echarts.init(el.current!, undefined, { renderer: "canvas" });
    chart.current = c;
    c.on("click", (p) => click.current?.(p as never));
    const resize = () => c.resize();
    window.addEventListener("resize", resize);
    return () => {
      window.removeEventListener("resize", resize);
      c.dispose();
    };
  }, []);
  useEffect(() => {
    chart.current?.setOption(option, true);
  }, [option]);

  return (
    <div
      ref={el}
      role="img"
      aria-label={label}
      style={{ width: "100%", height, cursor: onClick ? "pointer" : undefined }}
    />
  );
}
