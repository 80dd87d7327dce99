/**
 * The one ECharts registry: only the parts the dashboard draws are bundled (tree-shaken echarts/core).
 * Add a chart type or component here, never `import 'echarts'` elsewhere. Registered = used by a
 * build…Option function today (bar, line, pie, radar, calendar heatmap; markLine targets, scroll legends,
 * the ranking's dataZoom, the heatmap's visualMap); anything else is bytes every chart page would download
 * for nothing. The PNG/SVG export is <EChart>'s own menu, not the toolbox: lib/chart-export.ts, loaded on
 * the first export, adds the SVG renderer, titles and graphics to this registry then. <EChart> draws on canvas.
 */
import { BarChart, HeatmapChart, LineChart, PieChart, RadarChart } from 'echarts/charts';
import {
  CalendarComponent,
  DataZoomComponent,
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  RadarComponent,
  TooltipComponent,
  VisualMapComponent,
} from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([
  BarChart,
  HeatmapChart,
  LineChart,
  PieChart,
  RadarChart,
  CalendarComponent,
  DataZoomComponent,
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  RadarComponent,
  TooltipComponent,
  VisualMapComponent,
  CanvasRenderer,
]);

export type { EChartsCoreOption as TChartOption } from 'echarts/core';
export { echarts };
