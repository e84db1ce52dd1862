// Rows to records and back. The tables hold JSON text and 0/1 integers (src/store/schema.ts);
// the services see lists, objects and booleans (src/core/records.ts), so every conversion
// lives here. Drivers also return some numbers as strings or bigints, and records promise numbers.
//
// A stored value that is not what it should be (hand-edited, or written by a version with a
// bug) never fails a read: each column falls back to what its readers already treated it as,
// without logging, as the services did before the parsing moved here.
import type {
  AuditRow,
  CommentRow,
  PublicRow,
  Reason,
  SiteRow,
  SiteSettingsOverrides,
  SpamCorrectionRow,
  SpamDiscardRow,
  SpamLayerRow,
  SpamTextExtras,
  ThreadRow,
} from '../../core/ports.ts';
import type { PUBLIC_COLUMNS } from '../../core/records.ts';
import type {
  AuditTable,
  CommentTable,
  SiteTable,
  SpamCorrectionTable,
  SpamDiscardTable,
  SpamLayerTable,
  ThreadTable,
} from '../schema.ts';
import { num } from './context.ts';

/** The public columns of a comment, as the table holds them. */
export type PublicTableRow = Pick<CommentTable, (typeof PUBLIC_COLUMNS)[number]>;

/** Parsed JSON, or `undefined` when the text is missing or not JSON. */
function json(text: unknown): unknown {
  if (typeof text !== 'string') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
/** Only the strings of a stored list: anything else in it was never a valid entry. */
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x) => typeof x === 'string') : []);
/** A stored list of reasons; not a list reads as none (the moderators' views did the same). */
const reasons = (text: unknown): Reason[] => {
  const v = json(text);
  return Array.isArray(v) ? (v as Reason[]) : [];
};
const flag = (v: unknown): boolean => num(v) === 1;
const bit = (v: boolean): number => (v ? 1 : 0);
/** What JSON.stringify gives for a value, with absent and null both stored as SQL NULL. */
const jsonOrNull = (v: unknown): string | null => (v == null ? null : JSON.stringify(v));

// ---- sites

/** Origins that are not a list of strings allow none; settings that are not an object override none. */
export function siteFromRow(r: SiteTable): SiteRow {
  const settings = json(r.settings);
  return {
    ...r,
    origins: strings(json(r.origins)),
    settings: (isObject(settings) ? settings : {}) as SiteSettingsOverrides,
    is_default: flag(r.is_default),
    created_at: num(r.created_at),
  };
}
export function siteToRow(s: SiteRow): SiteTable {
  return {
    ...s,
    origins: JSON.stringify(s.origins),
    settings: JSON.stringify(s.settings),
    is_default: bit(s.is_default),
  };
}
export function sitePatchToRow(
  p: Partial<Pick<SiteRow, 'name' | 'origins' | 'lang' | 'settings' | 'is_default'>>,
): Partial<SiteTable> {
  const { origins, settings, is_default, ...rest } = p;
  const out: Partial<SiteTable> = { ...rest };
  if (origins !== undefined) out.origins = JSON.stringify(origins);
  if (settings !== undefined) out.settings = JSON.stringify(settings);
  if (is_default !== undefined) out.is_default = bit(is_default);
  return out;
}

// ---- threads

/** Pins: SQL NULL when none; a stored value that is not a list of ids pins nothing. */
export function pinsFromColumn(v: string | null): string[] {
  return v == null ? [] : strings(json(v));
}
export function pinsToColumn(ids: readonly string[]): string | null {
  return ids.length ? JSON.stringify(ids) : null;
}
export function threadFromRow(r: ThreadTable): ThreadRow {
  return {
    ...r,
    closed: flag(r.closed),
    comment_count: num(r.comment_count),
    version: num(r.version),
    created_at: num(r.created_at),
    pinned: pinsFromColumn(r.pinned),
    reopened_at: r.reopened_at == null ? null : num(r.reopened_at),
  };
}

// ---- comments

/**
 * In place: rows are fresh objects, and hot read paths should not copy them. Reasons that are
 * not a list read as none; `moderator` stays null when the column is (not a moderator's comment).
 */
export function commentFromRow(r: CommentTable): CommentRow;
export function commentFromRow(r: PublicTableRow): PublicRow;
export function commentFromRow(r: PublicTableRow | CommentTable): PublicRow | CommentRow {
  if (typeof r.depth !== 'number') r.depth = num(r.depth);
  if (typeof r.created_at !== 'number') r.created_at = num(r.created_at);
  if (r.edited_at != null && typeof r.edited_at !== 'number') r.edited_at = num(r.edited_at);
  const m = r as { moderator?: unknown; moderator_edited_at?: unknown; spam_reasons?: unknown; imported_at?: unknown };
  if (m.imported_at != null && typeof m.imported_at !== 'number') m.imported_at = num(m.imported_at);
  if (m.moderator != null) m.moderator = flag(m.moderator);
  if (m.moderator_edited_at != null && typeof m.moderator_edited_at !== 'number')
    m.moderator_edited_at = num(m.moderator_edited_at);
  if (m.spam_reasons != null) m.spam_reasons = reasons(m.spam_reasons);
  return r as unknown as PublicRow | CommentRow;
}
/** The columns a comment's insert writes. */
export function commentToRow(c: CommentRow): CommentTable {
  const { spam_reasons, moderator, ...rest } = c;
  return { ...rest, ...storedFlags({ spam_reasons, moderator }) };
}
/** The two columns of a comment not stored as they are: its spam reasons (JSON) and moderator flag (0/1). */
export function storedFlags(c: Pick<CommentRow, 'spam_reasons' | 'moderator'>) {
  return {
    spam_reasons: c.spam_reasons == null ? null : JSON.stringify(c.spam_reasons),
    moderator: c.moderator == null ? null : bit(c.moderator),
  };
}
export function reasonsToColumn(list: readonly Reason[] | null): string | null {
  return list == null ? null : JSON.stringify(list);
}

// ---- the spam engine's memory

export function discardFromRow(r: SpamDiscardTable): SpamDiscardRow {
  return { ...r, score: num(r.score), reasons: reasons(r.reasons), created_at: num(r.created_at) };
}
export function discardToRow(d: SpamDiscardRow): SpamDiscardTable {
  return { ...d, reasons: JSON.stringify(d.reasons) };
}

/** Extras that are not an object read as none (the classifier then learns from the text alone). */
export function correctionFromRow(r: SpamCorrectionTable): SpamCorrectionRow {
  const extras = json(r.extras);
  return {
    ...r,
    label: num(r.label) === 1 ? 1 : 0,
    extras: (isObject(extras) ? extras : {}) as SpamTextExtras,
    created_at: num(r.created_at),
  };
}
export function correctionToRow(c: SpamCorrectionRow): SpamCorrectionTable {
  return { ...c, extras: JSON.stringify(c.extras) };
}

/**
 * A snapshot that is not JSON reads as null: the engine checks the snapshot's shape and
 * refuses one it cannot use, as it did when it parsed the text itself.
 */
export function layerFromRow(r: SpamLayerTable): SpamLayerRow {
  return { ...r, layer: json(r.layer) ?? null, updated_at: num(r.updated_at) };
}
export function layerToRow(l: SpamLayerRow): SpamLayerTable {
  return { ...l, layer: JSON.stringify(l.layer) };
}

// ---- the audit log

/**
 * An entry's before and after as recorded. Text that is not JSON is kept as the text: the log
 * is a record, and showing what it says beats showing nothing.
 */
export function auditFromRow(r: AuditTable): AuditRow {
  const value = (text: string | null): unknown => {
    if (text == null) return null;
    const v = json(text);
    return v === undefined ? text : v;
  };
  return { ...r, before: value(r.before), after: value(r.after), created_at: num(r.created_at) };
}
export function auditToRow(a: AuditRow): AuditTable {
  return { ...a, before: jsonOrNull(a.before), after: jsonOrNull(a.after) };
}

/**
 * A new thread's row for a memoized insert: id, site, key, url, title and creation time are the
 * placeholders 0–5 (`a` from QueryMemo.compile); the rest start empty. Posting and importing
 * create threads alike.
 */
export function newThreadValues(a: (i: number) => string) {
  return {
    id: a(0),
    site_id: a(1),
    key: a(2),
    url: a(3),
    title: a(4),
    closed: 0,
    comment_count: 0,
    version: 0,
    created_at: a(5) as unknown as number,
    pinned: null,
    reopened_at: null,
  };
}
