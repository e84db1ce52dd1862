// The stats screen: comments per day by status, and how often moderators overturned the
// filter, as charts (stats-chart.ts, loaded on first use) above a table of the same numbers,
// the data alternative for screen readers and for when the charts cannot load.
import { api } from './api.ts';
import { h } from './dom.ts';
import type { ChartSeries } from './chart-api.ts';
import { loadCharts } from './chart-loader.ts';
import type { StatsDay, StatsReply } from '../src/contracts/admin-api.ts';
import { base, table, type Ctx } from './tool-context.ts';

const DAYS = 30;

type Day = StatsDay;

// Colour and line pattern both tell the series apart, for readers who do not see the colours.
const STATUSES: { key: 'approved' | 'pending' | 'spam' | 'deleted'; label: string; color: string; dash?: number[] }[] =
  [
    { key: 'approved', label: 'Approved', color: '#1a7f37' },
    { key: 'pending', label: 'Held', color: '#9a6700', dash: [8, 4] },
    { key: 'spam', label: 'Spam', color: '#a51d2d', dash: [2, 3] },
    { key: 'deleted', label: 'Deleted', color: '#4a5561', dash: [10, 3, 2, 3] },
  ];

const utcDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** Every day of the period, oldest first, with the days the server has no comments for at zero. */
function fillDays(days: Day[], count: number, now = Date.now()): Day[] {
  const byDay = new Map(days.map((d) => [d.day, d]));
  const last = [utcDay(now), ...days.map((d) => d.day)].sort().at(-1)!;
  const first = [
    utcDay(Date.parse(`${last}T00:00:00Z`) - (count - 1) * 86_400_000),
    ...days.map((d) => d.day),
  ].sort()[0];
  const out: Day[] = [];
  for (let t = Date.parse(`${first}T00:00:00Z`); utcDay(t) <= last; t += 86_400_000) {
    out.push(
      byDay.get(utcDay(t)) ?? {
        day: utcDay(t),
        approved: 0,
        pending: 0,
        spam: 0,
        deleted: 0,
        decisions: 0,
        overturned: 0,
        heldApproved: 0,
      },
    );
  }
  return out;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const rate = (overturned: number, decisions: number) =>
  decisions ? `${Math.round((100 * overturned) / decisions)} %` : '—';

export function statsView(ctx: Ctx): HTMLElement {
  const box = h('div', { class: 'results' }, 'Loading…');
  void (async () => {
    try {
      const s = await api<StatsReply>('GET', `${base(ctx)}/stats?days=${DAYS}`);
      const days = fillDays(s.days, DAYS);
      const sum = (k: (typeof STATUSES)[number]['key']) => days.reduce((n, d) => n + d[k], 0);
      const total = STATUSES.reduce((n, st) => n + sum(st.key), 0);
      const share = (k: 'approved' | 'pending' | 'spam') => (total ? `${Math.round((100 * sum(k)) / total)} %` : '—');
      const busiest = days.reduce(
        (a, d) => (d.approved + d.pending + d.spam + d.deleted > a.approved + a.pending + a.spam + a.deleted ? d : a),
        days[0],
      );
      const busiestN = busiest.approved + busiest.pending + busiest.spam + busiest.deleted;

      const countsBox = h('div', { class: 'chart', 'data-chart': 'counts' });
      const rateBox = h('div', { class: 'chart', 'data-chart': 'overturned' });
      const countsSummary =
        `Comments per day over the last ${days.length} days, by status: ${STATUSES.map((st) => `${sum(st.key)} ${st.label.toLowerCase()}`).join(', ')}` +
        (busiestN ? `; the busiest day was ${busiest.day} with ${plural(busiestN, 'comment')}.` : '; no comments.') +
        ' The table below has each day’s numbers.';
      const rateSummary = `Share of moderator decisions that overturned the filter, per day over the last ${days.length} days: ${rate(s.overturned, s.decisions)} overall (${s.overturned} of ${plural(s.decisions, 'decision')}). The table below has each day’s numbers.`;

      const head = ['Day', ...STATUSES.map((st) => st.label), 'Decisions', 'Overturned'];
      const rows = days
        .filter((d) => d.approved + d.pending + d.spam + d.deleted + d.decisions > 0)
        .map((d) => [
          d.day,
          ...STATUSES.map((st) => String(d[st.key])),
          String(d.decisions),
          `${d.overturned} (${rate(d.overturned, d.decisions)})`,
        ]);

      box.replaceChildren(
        h(
          'p',
          {},
          `Last ${DAYS} days: ${plural(total, 'comment')}; approved ${share('approved')}, held ${share('pending')}, spam ${share('spam')}. Moderators overturned the filter ${plural(s.overturned, 'time')} in ${plural(s.decisions, 'decision')}; they approved ${plural(s.heldApproved, 'held comment')}.`,
        ),
        h('h3', { id: 'chart-counts-title' }, 'Comments per day'),
        countsBox,
        h('h3', { id: 'chart-overturned-title' }, 'Decisions that overturned the filter'),
        rateBox,
        table('Comments per day', head, rows),
      );
      try {
        const lib = await loadCharts();
        // The screen may have been left while the charts loaded: nothing to draw into then.
        if (!countsBox.isConnected) return;
        lib.mount(countsBox, {
          summary: countsSummary,
          days: days.map((d) => d.day),
          series: STATUSES.map(
            (st): ChartSeries => ({
              label: st.label,
              color: st.color,
              dash: st.dash,
              values: days.map((d) => d[st.key]),
            }),
          ),
        });
        const values = days.map((d) => (d.decisions ? (100 * d.overturned) / d.decisions : null));
        lib.mount(rateBox, {
          summary: rateSummary,
          days: days.map((d) => d.day),
          percent: true,
          series: [{ label: 'Overturned', color: '#0b57a4', values }],
        });
      } catch {
        for (const b of [countsBox, rateBox])
          b.replaceChildren(
            h('p', { class: 'help' }, 'The chart could not be loaded; the table below has the same numbers.'),
          );
      }
    } catch (e) {
      box.textContent = '';
      ctx.failed(e);
    }
  })();
  return h('section', { 'aria-labelledby': 'tool-title' }, h('h2', { id: 'tool-title' }, 'Stats'), box);
}
