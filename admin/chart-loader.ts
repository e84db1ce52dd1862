// Loads the charts script (stats-chart.ts) once, the first time a chart is drawn. It is a
// script of our own origin (allowed by the CSP's script-src 'self'), named by its content hash
// at build time: admin/build.ts defines PARLEY_CHARTS_FILE.
import type { ChartsApi } from './chart-api.ts';

declare const PARLEY_CHARTS_FILE: string;

let loading: Promise<ChartsApi> | null = null;

export function loadCharts(): Promise<ChartsApi> {
  loading ??= new Promise<ChartsApi>((resolve, reject) => {
    if (window.parleyCharts) return resolve(window.parleyCharts);
    const script = document.createElement('script');
    script.src = `/admin/${PARLEY_CHARTS_FILE}`;
    script.onload = () =>
      window.parleyCharts ? resolve(window.parleyCharts) : reject(new Error('charts script without charts'));
    script.onerror = () => {
      // A later visit to the screen tries again (after a deploy, or when the network is back).
      loading = null;
      script.remove();
      reject(new Error('charts script failed to load'));
    };
    document.head.append(script);
  });
  return loading;
}
