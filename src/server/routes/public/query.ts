// Query-string helpers: public GET routes take only the parameters they declare.
import { AppError } from '../../../core/errors.ts';
import { FieldErrors } from '../../../core/comments/validate-comment.ts';
import type { Language } from '../../../contracts/messages.ts';

export type Query = Record<string, string | string[] | undefined>;

export function one(q: Query, name: string, lang: Language, required = false): string | undefined {
  const v = q[name];
  if (Array.isArray(v)) throw invalid(name, 'INVALID_VALUE', lang);
  if (v === undefined || v === '') {
    if (required) throw invalid(name, 'REQUIRED', lang);
    return undefined;
  }
  if (v.length > 2000 || !v.isWellFormed()) throw invalid(name, 'INVALID_VALUE', lang);
  return v;
}

export function many(q: Query, name: string, lang: Language, max: number): string[] {
  const v = q[name];
  const list = v === undefined ? [] : Array.isArray(v) ? v : [v];
  if (list.length === 0) throw invalid(name, 'REQUIRED', lang);
  if (list.length > max) throw invalid(name, 'TOO_LONG', lang, max);
  return list;
}

export function int(q: Query, name: string, lang: Language, min: number, max: number): number | undefined {
  const v = one(q, name, lang);
  if (v === undefined) return undefined;
  if (!/^\d{1,4}$/.test(v) || Number(v) < min || Number(v) > max) throw invalid(name, 'INVALID_VALUE', lang);
  return Number(v);
}

export function sortParam(q: Query, lang: Language): 'oldest' | 'newest' {
  const v = one(q, 'sort', lang) ?? 'oldest';
  if (v !== 'oldest' && v !== 'newest') throw invalid('sort', 'INVALID_VALUE', lang);
  return v;
}

function invalid(
  name: string,
  rule: 'REQUIRED' | 'INVALID_VALUE' | 'TOO_LONG',
  lang: Language,
  limit?: number,
): AppError {
  const errors = new FieldErrors(lang);
  errors.add(name, rule, limit);
  return new AppError('VALIDATION', { fields: errors.fields });
}
