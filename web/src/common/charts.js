// ECharts is loaded only when a chart is drawn: its own chunk, fetched by
// the dashboard, never by the workbench.
let loading = null;

export function loadEcharts() {
  if (!loading) loading = import('./echarts-lib.js').then((m) => m.default);
  return loading;
}
