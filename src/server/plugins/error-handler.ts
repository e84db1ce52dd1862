// The one boundary where errors become responses: AppErrors keep their code and public
// params; anything unknown becomes INTERNAL, logged with the request id, never echoed.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ErrorBody } from '../../contracts/error-codes.ts';
import { errorMessage, type Language } from '../../contracts/messages.ts';
import { AppError } from '../../core/errors.ts';
import { escapeHtml } from '../../render/escape.ts';
import { isStorageUnavailable } from '../../store/unavailable.ts';

declare module 'fastify' {
  interface FastifyRequest {
    parleyLang?: Language;
  }
}

function fromFastify(err: FastifyError): AppError | null {
  switch (err.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new AppError('PAYLOAD_TOO_LARGE', { cause: err });
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new AppError('UNSUPPORTED_MEDIA_TYPE', { cause: err });
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return new AppError('BAD_JSON', { cause: err });
  }
  if (err.validation) return new AppError('VALIDATION', { cause: err, params: { detail: err.message.slice(0, 200) } });
  if (typeof err.statusCode === 'number' && err.statusCode >= 400 && err.statusCode < 500) {
    return new AppError(
      err.statusCode === 404
        ? 'NOT_FOUND'
        : err.statusCode === 415
          ? 'UNSUPPORTED_MEDIA_TYPE'
          : err.statusCode === 413
            ? 'PAYLOAD_TOO_LARGE'
            : 'BAD_JSON',
      { cause: err },
    );
  }
  return null;
}

export function errorBody(err: AppError, lang: Language, requestId: string): ErrorBody {
  return {
    error: {
      code: err.code,
      message: errorMessage(err.code, lang),
      ...(err.fields ? { fields: err.fields } : {}),
      ...(err.params ? { params: err.params } : {}),
      requestId,
    },
  };
}

export function sendError(req: FastifyRequest, reply: FastifyReply, err: AppError): FastifyReply {
  for (const [k, v] of Object.entries(err.headers ?? {})) reply.header(k, v);
  const lang = req.parleyLang ?? 'en';
  const body = errorBody(err, lang, req.id);
  if ((reply.routeOptions.config as { html?: boolean } | undefined)?.html) {
    return reply
      .code(err.status)
      .type('text/html; charset=utf-8')
      .send(
        `<!doctype html><meta charset="utf-8"><title>${escapeHtml(body.error.message)}</title><p>${escapeHtml(body.error.message)}</p>`,
      );
  }
  return reply.code(err.status).send(body);
}

/** Seconds a client is asked to wait while the database is away. */
export const STORAGE_RETRY_AFTER = 5;
const OUTAGE_LOG_EVERY_MS = 10_000;

export function registerErrorHandler(app: FastifyInstance): void {
  // One log line per outage (and one every 10 s while it lasts), not a stack trace per request.
  let outageLoggedAt = 0;
  let outageRequests = 0;
  app.setErrorHandler((error, req, reply) => {
    if (isStorageUnavailable(error)) {
      outageRequests++;
      const now = Date.now();
      if (now - outageLoggedAt >= OUTAGE_LOG_EVERY_MS) {
        req.log.warn(
          { requests: outageRequests, cause: String((error as Error).message ?? error).slice(0, 200) },
          'database unavailable: answering 503 until it is back',
        );
        outageLoggedAt = now;
        outageRequests = 0;
      }
      return sendError(
        req,
        reply,
        new AppError('NOT_READY', { headers: { 'retry-after': String(STORAGE_RETRY_AFTER) } }),
      );
    }
    const err = error instanceof AppError ? error : fromFastify(error as FastifyError);
    if (err) {
      if (err.status >= 500) req.log.error({ err: error, code: err.code, context: err.context }, 'request failed');
      return sendError(req, reply, err);
    }
    req.log.error({ err: error }, 'unexpected error');
    return sendError(req, reply, new AppError('INTERNAL'));
  });
  app.setNotFoundHandler((req, reply) => sendError(req, reply, new AppError('NOT_FOUND')));
}
