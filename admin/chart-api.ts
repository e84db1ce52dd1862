// What the charts script (stats-chart.ts, loaded on first use by chart-loader.ts) offers the
// app. Types only: the app never imports uPlot itself.
export type ChartSeries = { label: string; values: (number | null)[]; color: string; dash?: number[] };

export type ChartSpec = {
  /** The accessible name: what the chart shows, in words, with its main numbers. */
  summary: string;
  /** UTC days, 'YYYY-MM-DD', one per point. */
  days: string[];
  series: ChartSeries[];
  /** A percentage axis from 0 to 100 instead of counts from 0. */
  percent?: boolean;
};

export type ChartsApi = {
  /** Draws the chart into `box` (which must be in the page, for its width) and follows its resizes. */
  mount(box: HTMLElement, spec: ChartSpec): { destroy(): void };
};

declare global {
  interface Window {
    parleyCharts?: ChartsApi;
  }
}
