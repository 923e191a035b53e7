// ECharts is loaded only when a chart is drawn: its own chunk, fetched by
// the dashboard, never by the workbench.
let loading = null;

export function loadEcharts() {
  if (!loading) loading = import('./echarts-lib.js').then((m) => m.default);
  return loading;
}

// ECharts puts a tooltip formatter's result into the page as HTML: every
// text from the data (unit names, which admins type) goes through this.
export function escHtml(s) {
  return String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
}
