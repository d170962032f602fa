// Apache ECharts, only the parts used (bar and line charts, SVG output): the bundle stays small,
// and the SVG is text a screen reader and the tests can inspect.
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, TooltipComponent } from 'echarts/components';
import { init, use, type ComposeOption } from 'echarts/core';
import type { BarSeriesOption, LineSeriesOption } from 'echarts/charts';
import type { GridComponentOption, TooltipComponentOption } from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'preact/hooks';

use([BarChart, LineChart, GridComponent, TooltipComponent, SVGRenderer]);

type Option = ComposeOption<BarSeriesOption | LineSeriesOption | GridComponentOption | TooltipComponentOption>;

export interface ChartProps {
  /** Read by screen readers in place of the drawing. */
  label: string;
  categories: string[];
  values: number[];
  kind?: 'bar' | 'line';
  unit?: string;
}

export function Chart({ label, categories, values, kind = 'bar', unit = '' }: ChartProps) {
  const element = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!element.current) return;
    const chart = init(element.current, undefined, { renderer: 'svg' });
    const option: Option = {
      animation: false,
      grid: { left: 8, right: 8, top: 16, bottom: 8, containLabel: true },
      tooltip: { trigger: 'axis', valueFormatter: (value) => `${String(value)}${unit}` },
      xAxis: { type: 'category', data: categories, axisLabel: { interval: 0, hideOverlap: true } },
      yAxis: { type: 'value', minInterval: 1 },
      series: [{ type: kind, data: values, itemStyle: { color: '#b5261e' }, barMaxWidth: 36 }],
    } as Option;
    chart.setOption(option);
    const resize = () => chart.resize();
    addEventListener('resize', resize);
    return () => {
      removeEventListener('resize', resize);
      chart.dispose();
    };
  }, [label, categories.join(), values.join(), kind, unit]);
  return <div class="chart" ref={element} role="img" aria-label={label} data-points={values.length} />;
}
