// The spam engine: the policy (pipeline.ts) plus the classifier with each site's learned
// layer, and the memory behind that layer.
//
// A site's layer is a fold of its moderators' corrections, in id order, over a stored
// snapshot: every server replays the same log and so holds the same layer. A correction is
// appended to the log and applied at once where it was made; other servers pick it up on
// their next sync (at most `syncEveryMs` after, on first use). The purge job folds
// corrections older than the retention period into the snapshot and drops their texts.
import type { Clock } from '../core/clock.ts';
import { idAt, idTime, newId } from '../core/ids.ts';
import type {
  SpamCheckRequest,
  SpamCorrectionMeta,
  SpamCorrectionRow,
  SpamMemoryStore,
  SpamPolicy,
  SpamSample,
} from '../core/ports.ts';
import type { CheckContext, ClassifierView } from './check.ts';
import { buildCheckContext, withClassifier } from './check-context.ts';
import type { TextExtras } from './classifier/features.ts';
import { vectorize, type SparseVector } from './classifier/features.ts';
import { expectedLanguages } from './checks/language.ts';
import type { SiteSettings } from '../core/sites/settings.ts';
import { factLimits, type FactLimits } from './fact-limits.ts';
import type { FeaturePool } from './feature-pool.ts';
import { SiteLayer, type SpamModel, sigmoid, type Contribution } from './classifier/model.ts';
import { DEFAULT_CHECKS, moderate, type Verdict } from './pipeline.ts';
import type { Check } from './check.ts';

export type Label = 0 | 1;
/** What the classifier reads of a comment. */
export type Sample = SpamSample;
export type CorrectionMeta = SpamCorrectionMeta;

/** How far back a sync looks again for corrections another server wrote at about the same time. */
const OVERLAP_MS = 60_000;

type SiteState = {
  layer: SiteLayer;
  /** Ids applied since the snapshot, in order. */
  applied: string[];
  snapshotThrough: string | null;
  syncedAt: number;
  syncing: Promise<void> | null;
};

export class SpamEngine implements SpamPolicy {
  readonly model: SpamModel;
  readonly #store: SpamMemoryStore;
  readonly #clock: Clock;
  readonly #checks: readonly Check[];
  readonly #syncEveryMs: number;
  readonly #sites = new Map<string, SiteState>();

  readonly #pool: FeaturePool | null;

  constructor(deps: {
    model: SpamModel;
    store: SpamMemoryStore;
    clock: Clock;
    checks?: readonly Check[];
    syncEveryMs?: number;
    pool?: FeaturePool | null;
  }) {
    this.#pool = deps.pool ?? null;
    this.model = deps.model;
    this.#store = deps.store;
    this.#clock = deps.clock;
    this.#checks = deps.checks ?? DEFAULT_CHECKS;
    this.#syncEveryMs = deps.syncEveryMs ?? 2000;
  }

  /** The policy's verdict on a comment as core describes it (the port core calls). */
  async judge(request: SpamCheckRequest): Promise<Verdict> {
    return this.moderate(buildCheckContext(request));
  }

  /**
   * Runs the policy on a built context (judge's second half; tests call it with their own); the
   * classifier's view (and, with a pool, the language) is added here. The classifier reads the
   * same page as the checks unless `extras` says otherwise.
   */
  async moderate(ctx: Omit<CheckContext, 'classifier'>, extras: TextExtras = {}): Promise<Verdict> {
    const off = ctx.settings.disabledChecks;
    const wantsClassifier = !off.includes('classifier') || !off.includes('site-learning');
    const layer = wantsClassifier ? (this.#freshLayer(ctx.siteId) ?? (await this.layer(ctx.siteId))) : null;
    const textExtras = { authorUrl: ctx.website, permalink: ctx.page.url, context: ctx.page.title, ...extras };
    let vector: SparseVector | undefined;
    let detectedLanguage: string | null | undefined;
    if (this.#pool && wantsClassifier) {
      const expected = off.includes('language') ? [] : expectedLanguages(ctx.languages, ctx.siteLang);
      const a = await this.#pool.analyze(ctx.body, textExtras, expected.length ? expected : null);
      if (a) {
        vector = a.vector;
        if (expected.length) detectedLanguage = a.language;
      }
    }
    return moderate(
      withClassifier(ctx, layer ? this.view(layer, ctx.body, textExtras, vector) : null, detectedLanguage),
      this.#checks,
    );
  }

  view(layer: SiteLayer | null, text: string, extras: TextExtras, vector?: SparseVector): ClassifierView {
    const v = vector ?? vectorize(text, extras);
    const base = this.model.margin(v);
    const layerMargin = layer?.size ? layer.margin(v) : 0;
    return {
      p: sigmoid(base + layerMargin),
      layerMargin,
      thresholds: this.model.thresholds,
      explain: () => this.model.explain(text, extras, { top: 5, layer }),
    };
  }

  /** The features that pushed a text's score most, readable, for moderators (with the site's layer). */
  factLimits(settings: SiteSettings): FactLimits {
    return factLimits(settings);
  }

  async explainText(siteId: string, text: string, extras: TextExtras): Promise<Contribution[]> {
    return this.model.explain(text, extras, { top: 5, layer: await this.layer(siteId) });
  }

  /** The site's layer when no sync is due (the common case, answered without a promise). */
  #freshLayer(siteId: string): SiteLayer | null {
    const s = this.#sites.get(siteId);
    return s && this.#clock.now() - s.syncedAt < this.#syncEveryMs ? s.layer : null;
  }

  /** The site's layer, synced with the stored log when it is older than `syncEveryMs`. */
  async layer(siteId: string): Promise<SiteLayer> {
    let s = this.#sites.get(siteId);
    if (!s) {
      s = { layer: new SiteLayer(this.model), applied: [], snapshotThrough: null, syncedAt: 0, syncing: null };
      this.#sites.set(siteId, s);
      await this.#sync(siteId, s, true);
      return s.layer;
    }
    if (this.#clock.now() - s.syncedAt >= this.#syncEveryMs) await this.#sync(siteId, s, false);
    return s.layer;
  }

  /** Learns a verdict on a text: stored first (so every server learns it), then applied here. */
  async learn(
    siteId: string,
    label: Label,
    sample: Sample,
    meta: CorrectionMeta,
  ): Promise<{ before: number; after: number }> {
    if (!this.#sites.has(siteId)) await this.layer(siteId);
    const s = this.#sites.get(siteId)!;
    const row: SpamCorrectionRow = {
      id: newId(this.#clock.now()),
      site_id: siteId,
      label,
      text: sample.text,
      extras: sample.extras ?? {},
      source: meta.source,
      comment_id: meta.commentId ?? null,
      author_email: meta.authorEmail ?? null,
      created_at: this.#clock.now(),
    };
    await this.#store.addSpamCorrection(row);
    // Corrections written meanwhile by other servers come first, as they will everywhere.
    await this.#sync(siteId, s, false);
    if (!s.applied.includes(row.id)) this.#apply(s, row);
    const extras = sample.extras ?? {};
    const before = this.model.score(sample.text, extras);
    return { before, after: this.model.score(sample.text, extras, s.layer) };
  }

  async close(): Promise<void> {
    await this.#pool?.close();
  }

  /**
   * Folds corrections created before `before` into the stored snapshot, dropping their texts.
   * `everything` also folds the last minute's (for erasing a person's texts at once), at the
   * small risk of dropping a correction another server is writing at that very moment.
   */
  async compact(siteId: string, before: number, everything = false): Promise<number> {
    const snap = await this.#store.spamLayer(siteId);
    const layer = snap ? SiteLayer.fromJSON(this.model, snap.layer) : new SiteLayer(this.model);
    const rows = await this.#store.spamCorrections(siteId, snap?.through_id ?? null);
    let through: string | null = null;
    let n = 0;
    // Never the last minute: a correction still being written elsewhere could carry an older id.
    const cutoff = everything ? before : Math.min(before, this.#clock.now() - OVERLAP_MS);
    for (const row of rows) {
      if (everything ? row.created_at > cutoff : row.created_at >= cutoff) break;
      learnRow(layer, row);
      through = row.id;
      n++;
    }
    if (!through) return 0;
    await this.#store.compactSpamCorrections({
      site_id: siteId,
      layer: layer.toJSON(),
      through_id: through,
      updated_at: this.#clock.now(),
    });
    // This server's own layer may hold unrounded weights: rebuild it from what is stored.
    this.#sites.delete(siteId);
    return n;
  }

  #apply(s: SiteState, row: SpamCorrectionRow): void {
    learnRow(s.layer, row);
    s.applied.push(row.id);
  }

  #sync(siteId: string, s: SiteState, full: boolean): Promise<void> {
    s.syncing ??= this.#doSync(siteId, s, full).finally(() => (s.syncing = null));
    return s.syncing;
  }

  async #doSync(siteId: string, s: SiteState, full: boolean): Promise<void> {
    const startedAt = this.#clock.now();
    const last = s.applied.at(-1);
    if (full || !last) return this.#rebuild(siteId, s, startedAt);
    // Look back a little: another server's correction may carry an id just below ours.
    const since = idAt(Math.max(0, idTime(last) - OVERLAP_MS));
    const after = s.snapshotThrough && s.snapshotThrough > since ? s.snapshotThrough : since;
    const rows = await this.#store.spamCorrections(siteId, after);
    const known = new Set(s.applied);
    const fresh = rows.filter((r) => !known.has(r.id));
    if (fresh.some((r) => r.id < last)) return this.#rebuild(siteId, s, startedAt);
    for (const r of fresh) this.#apply(s, r);
    s.syncedAt = startedAt;
  }

  async #rebuild(siteId: string, s: SiteState, startedAt: number): Promise<void> {
    const snap = await this.#store.spamLayer(siteId);
    const rows = await this.#store.spamCorrections(siteId, snap?.through_id ?? null);
    s.layer = snap ? SiteLayer.fromJSON(this.model, snap.layer) : new SiteLayer(this.model);
    s.snapshotThrough = snap?.through_id ?? null;
    s.applied = [];
    for (const r of rows) this.#apply(s, r);
    s.syncedAt = startedAt;
  }
}

function learnRow(layer: SiteLayer, row: SpamCorrectionRow): void {
  layer.learn(row.text, row.extras, row.label);
}
