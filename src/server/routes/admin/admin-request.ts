// What every dashboard API route reads from a request: a strict JSON body, the caller's role on
// the site named in the path, and who they are (for the audit log).
import type { FastifyRequest } from 'fastify';
import type { SessionView } from '../../../core/accounts/accounts.ts';
import { userActor } from '../../../core/audit/audit-log.ts';
import { FieldErrors } from '../../../core/comments/validate-comment.ts';
import { AppError } from '../../../core/errors.ts';
import { isId } from '../../../core/ids.ts';
import type { Role } from '../../../core/ports.ts';

declare module 'fastify' {
  interface FastifyRequest {
    adminSession?: SessionView;
  }
}

/** A JSON object body with exactly the allowed keys, or a 422 naming the others. */
export function body(req: FastifyRequest, allowed: readonly string[]): Record<string, unknown> {
  const b = req.body;
  if (!b || typeof b !== 'object' || Array.isArray(b)) throw new AppError('BAD_JSON');
  const errors = new FieldErrors('en');
  for (const k of Object.keys(b)) if (!allowed.includes(k)) errors.add(k, 'UNKNOWN_FIELD');
  if (!errors.empty) throw new AppError('VALIDATION', { fields: errors.fields });
  return b as Record<string, unknown>;
}

export function invalid(field: string, rule: 'REQUIRED' | 'INVALID_VALUE' | 'INVALID_TYPE'): AppError {
  const errors = new FieldErrors('en');
  errors.add(field, rule);
  return new AppError('VALIDATION', { fields: errors.fields });
}

/** The caller's role on a site, or 404 when they have none there (as if it did not exist). */
export function roleOn(req: FastifyRequest, siteId: string, need: Role = 'moderator'): Role {
  const m = req.adminSession!.sites.find((s) => s.siteId === siteId);
  if (!m || !isId(siteId)) throw new AppError('NOT_FOUND');
  if (need === 'admin' && m.role !== 'admin') throw new AppError('FORBIDDEN');
  return m.role;
}

export const actor = (req: FastifyRequest) => req.adminSession!.user;
/** The caller as the audit log names them. */
export const auditActor = (req: FastifyRequest) => userActor(req.adminSession!.user);

/** A whole-number query parameter (a page size, a number of days) within 1…max; the default when missing or not a number. */
export const boundedInt = (raw: string | undefined, fallback: number, max: number) =>
  Math.min(max, Math.max(1, Number.parseInt(raw ?? String(fallback), 10) || fallback));

/** A `before` cursor: a comment or entry id, or a 400. */
export function cursor(raw: string | undefined): string | null {
  if (raw !== undefined && !isId(raw)) throw new AppError('BAD_CURSOR');
  return raw ?? null;
}
