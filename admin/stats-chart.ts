// The charts script: uPlot line charts over days, loaded by the stats screen on first use
// (chart-loader.ts) so the rest of the dashboard stays small. uPlot draws on a canvas and sets
// its sizes through element.style (CSSOM writes, which the CSP's style-src does not govern);
// its stylesheet is bundled into app.<hash>.css (imported by styles.css).
//
// The canvas is an image to assistive technology: the box gets role="img" and the spec's
// summary as its name, and the stats screen keeps a table of the same numbers.
import uPlot from 'uplot';
import type { ChartSpec, ChartsApi } from './chart-api.ts';

const HEIGHT = 220;
const MIN_WIDTH = 240;
const INK = '#1b1f24';
const GRID = '#d9dee3';
// Whole numbers only on a count axis: half a comment is not a thing.
const COUNT_STEPS = [1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 2500, 5000, 10000, 20000, 50000, 100000];

const toSeconds = (day: string) => Date.parse(`${day}T00:00:00Z`) / 1000;

function mount(box: HTMLElement, spec: ChartSpec): { destroy(): void } {
  box.setAttribute('role', 'img');
  box.setAttribute('aria-label', spec.summary);
  const width = () => Math.max(MIN_WIDTH, box.clientWidth);
  const shown = (v: number | null) => (v == null ? '—' : spec.percent ? `${Math.round(v)} %` : String(v));
  const opts: uPlot.Options = {
    width: width(),
    height: HEIGHT,
    // Days are UTC days (the server's): shown as such whatever the moderator's time zone.
    tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC'),
    scales: {
      x: { time: true },
      y: { range: spec.percent ? [0, 100] : (_u, _min, max) => [0, Math.max(4, Math.ceil(max * 1.1))] },
    },
    axes: [
      { stroke: INK, grid: { stroke: GRID, width: 1 }, ticks: { stroke: GRID, width: 1 } },
      {
        stroke: INK,
        grid: { stroke: GRID, width: 1 },
        ticks: { stroke: GRID, width: 1 },
        incrs: spec.percent ? [10, 20, 25, 50] : COUNT_STEPS,
        // Room for "100 %" (uPlot's default width clips it), the same on every chart so their
        // days line up one above the other.
        size: 60,
        values: (_u, splits) => splits.map((v) => (spec.percent ? `${v} %` : String(v))),
      },
    ],
    series: [
      { label: 'Day', value: '{YYYY}-{MM}-{DD}' },
      ...spec.series.map((s) => ({
        label: s.label,
        stroke: s.color,
        width: 2,
        dash: s.dash,
        // Large enough to see a lone day between days without data (a rate with no decisions).
        points: { show: true, size: 7, fill: s.color, stroke: s.color },
        value: (_u: uPlot, v: number | null) => shown(v),
      })),
    ],
    cursor: { drag: { x: false, y: false } },
    legend: { live: true },
  };
  const data: uPlot.AlignedData = [spec.days.map(toSeconds), ...spec.series.map((s) => s.values)];
  const plot = new uPlot(opts, data, box);
  // The box follows the page's width (a phone turned, a window resized): so does the chart.
  // Leaving the screen removes the box, which also reports a resize: uPlot's window listeners
  // are removed then, so a chart does not outlive its screen.
  let last = width();
  const observer = new ResizeObserver(() => {
    if (!box.isConnected) return destroy();
    const w = width();
    if (w === last) return;
    last = w;
    plot.setSize({ width: w, height: HEIGHT });
  });
  observer.observe(box);
  function destroy(): void {
    observer.disconnect();
    plot.destroy();
  }
  return { destroy };
}

const api: ChartsApi = { mount };
window.parleyCharts = api;
