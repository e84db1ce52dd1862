// The public API as OpenAPI 3.1, served at /api/v1/openapi.json. docs/api.md explains it in prose.
import { ERROR_CODES, FIELD_RULES } from '../contracts/error-codes.ts';

const str = { type: 'string' };
const threadParam = {
  name: 'thread',
  in: 'query',
  required: true,
  schema: str,
  description: "The article's canonical URL or the site's explicit thread id.",
};
const siteParam = {
  name: 'site',
  in: 'query',
  required: false,
  schema: str,
  description: 'Site id; by default the site is found from the Origin header, the thread URL, or the default site.',
};
const error = { $ref: '#/components/schemas/Error' };
const errorResponse = (description: string) => ({ description, content: { 'application/json': { schema: error } } });

export const OPENAPI = {
  openapi: '3.1.0',
  info: { title: 'Parley public API', version: '1' },
  paths: {
    '/api/v1/comments': {
      post: {
        summary: 'Post a comment',
        parameters: [siteParam],
        requestBody: {
          required: true,
          content: { 'application/json': { schema: { $ref: '#/components/schemas/NewComment' } } },
        },
        responses: {
          201: {
            description: 'Published',
            content: { 'application/json': { schema: { $ref: '#/components/schemas/Created' } } },
          },
          202: {
            description: 'Received, not published (held for moderation; a discarded comment gets the same answer)',
            content: { 'application/json': { schema: { $ref: '#/components/schemas/Created' } } },
          },
          400: errorResponse('BAD_JSON: malformed JSON or invalid UTF-8'),
          403: errorResponse('ORIGIN_NOT_ALLOWED, PARENT_NOT_APPROVED, THREAD_CLOSED'),
          404: errorResponse('PARENT_NOT_FOUND, SITE_NOT_FOUND'),
          409: errorResponse('DUPLICATE_COMMENT'),
          413: errorResponse('PAYLOAD_TOO_LARGE'),
          415: errorResponse('UNSUPPORTED_MEDIA_TYPE: only application/json'),
          422: errorResponse('VALIDATION: one entry per field in error.fields'),
          429: errorResponse('RATE_LIMITED, with Retry-After'),
        },
      },
    },
    '/api/v1/comments/{id}': {
      patch: {
        summary: 'Edit one’s own comment within the edit window',
        parameters: [
          { name: 'id', in: 'path', required: true, schema: str },
          { name: 'X-Parley-Edit-Token', in: 'header', schema: str },
        ],
        requestBody: {
          content: {
            'application/json': {
              schema: {
                type: 'object',
                properties: { body: str, editToken: str },
                required: ['body'],
                additionalProperties: false,
              },
            },
          },
        },
        responses: {
          200: { description: 'The updated comment' },
          403: errorResponse('EDIT_TOKEN_INVALID, EDIT_WINDOW_CLOSED'),
          404: errorResponse('NOT_FOUND'),
        },
      },
      delete: {
        summary: 'Delete one’s own comment within the edit window',
        parameters: [
          { name: 'id', in: 'path', required: true, schema: str },
          { name: 'X-Parley-Edit-Token', in: 'header', required: true, schema: str },
        ],
        responses: {
          204: { description: 'Deleted' },
          403: errorResponse('EDIT_TOKEN_INVALID, EDIT_WINDOW_CLOSED'),
          404: errorResponse('NOT_FOUND'),
        },
      },
    },
    '/api/v1/threads': {
      get: {
        summary: 'A page of a thread: top-level comments with their replies nested',
        parameters: [
          threadParam,
          siteParam,
          { name: 'cursor', in: 'query', schema: str },
          { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 200 } },
          { name: 'sort', in: 'query', schema: { enum: ['oldest', 'newest'] } },
          {
            name: 'viewToken',
            in: 'query',
            schema: str,
            description: 'Shows the author their own held comment (10 minutes); never cached.',
          },
        ],
        responses: {
          200: {
            description: 'ThreadPage',
            content: { 'application/json': { schema: { $ref: '#/components/schemas/ThreadPage' } } },
          },
          304: { description: 'Not modified (If-None-Match)' },
        },
      },
    },
    '/api/v1/replies': {
      get: {
        summary: 'More replies under a top-level comment',
        parameters: [
          { name: 'comment', in: 'query', required: true, schema: str },
          { name: 'cursor', in: 'query', schema: str },
          siteParam,
        ],
        responses: { 200: { description: '{comments, nextCursor}; each reply names its display parent' } },
      },
    },
    '/api/v1/counts': {
      get: {
        summary: 'Published comment counts of many threads in one request',
        parameters: [{ ...threadParam, description: 'Repeat for each thread (up to 200)' }, siteParam],
        responses: { 200: { description: '{counts: {thread: n}}' } },
      },
    },
    '/api/v1/stream': {
      get: {
        summary: 'Server-sent events: one `comment` event per newly published comment',
        parameters: [threadParam, siteParam],
        responses: {
          200: { description: 'text/event-stream' },
          429: errorResponse(
            'RATE_LIMITED: too many streams open from this network or on this server, with Retry-After',
          ),
        },
      },
    },
    '/api/v1/form-token': {
      get: {
        summary: 'A signed, time-stamped form token for the spam checks',
        parameters: [siteParam],
        responses: { 200: { description: '{formToken}' } },
      },
    },
    '/api/v1/avatars/{seed}.svg': {
      get: {
        summary: 'Avatar picture drawn from a per-site keyed hash',
        responses: { 200: { description: 'image/svg+xml' } },
      },
    },
    '/api/v1/comments/{id}/reports': {
      post: {
        summary: 'Report a published comment to the moderators (one report per comment and network counts)',
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }, siteParam],
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                type: 'object',
                required: ['reason'],
                additionalProperties: false,
                properties: { reason: { enum: ['spam', 'abuse', 'off-topic', 'other'] } },
              },
            },
          },
        },
        responses: {
          202: { description: '{received: true}' },
          404: { description: 'NOT_FOUND (no such published comment)' },
          422: { description: 'VALIDATION' },
        },
      },
    },
    // Moderators only: `Authorization: Bearer <moderation key>` (parley moderation-keys create).
    '/api/v1/moderation/comments/{id}': {
      get: {
        summary:
          'A comment of the key’s site with its status, author (email included) and the spam score and reasons it got',
        security: [{ moderationKey: [] }],
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
        responses: {
          200: { description: '{comment: {id, status, author, body, createdAt, spam: {score, reasons}}}' },
          401: { description: 'UNAUTHORIZED' },
          404: { description: 'NOT_FOUND' },
        },
      },
    },
    '/api/v1/moderation/comments/{id}/verdict': {
      post: {
        summary: 'A moderator’s verdict: spam hides the comment, ham publishes it; the site’s filter learns the text',
        security: [{ moderationKey: [] }],
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                type: 'object',
                required: ['verdict'],
                additionalProperties: false,
                properties: { verdict: { enum: ['spam', 'ham'] } },
              },
            },
          },
        },
        responses: {
          200: {
            description: '{id, status, before, after}: the filter’s spam probability for the text before and after',
          },
          401: { description: 'UNAUTHORIZED' },
          404: { description: 'NOT_FOUND' },
          422: { description: 'VALIDATION' },
        },
      },
    },
    '/api/v1/moderation/discards': {
      get: {
        summary: 'The newest discarded comments of the key’s site with their scores and reasons',
        security: [{ moderationKey: [] }],
        parameters: [
          { name: 'before', in: 'query', schema: { type: 'string' }, description: 'the `next` of the previous page' },
          { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 200, default: 50 } },
        ],
        responses: { 200: { description: '{discards: [...], next}' }, 401: { description: 'UNAUTHORIZED' } },
      },
    },
    // A site's admins' machines: `Authorization: Bearer <admin key>` (parley admin-keys create).
    '/api/v1/admin/sites/{site}/import': {
      post: {
        summary:
          'Imports a file of another system’s comments into the key’s site (as `parley import`): the WordPress plugin’s move',
        security: [{ adminKey: [] }],
        parameters: [
          { name: 'site', in: 'path', required: true, schema: { type: 'string' } },
          {
            name: 'format',
            in: 'query',
            required: true,
            schema: { enum: ['wxr', 'disqus', 'remark42', 'isso', 'commento', 'comentario', 'parley'] },
          },
          { name: 'dryRun', in: 'query', schema: { enum: ['1', 'true'] }, description: 'count, write nothing' },
        ],
        requestBody: {
          required: true,
          description: 'The file itself (up to 64 MB), any content type',
          content: { '*/*': { schema: { type: 'string', format: 'binary' } } },
        },
        responses: {
          200: {
            description:
              '{format, dryRun, origin, threads, threadsRead, comments: {read, imported, alreadyImported, invalid, byStatus}, orphans, ips, problems: [{at, message}]}',
          },
          401: { description: 'UNAUTHORIZED' },
          404: { description: 'SITE_NOT_FOUND' },
          413: { description: 'PAYLOAD_TOO_LARGE' },
          422: { description: 'VALIDATION (fields.format, or fields.body with the line and the rule)' },
        },
      },
    },
  },
  components: {
    securitySchemes: {
      moderationKey: { type: 'http', scheme: 'bearer' },
      adminKey: { type: 'http', scheme: 'bearer' },
    },
    schemas: {
      NewComment: {
        type: 'object',
        additionalProperties: false,
        required: ['thread', 'name', 'email', 'body'],
        properties: {
          thread: { type: 'string', maxLength: 2000 },
          parent: { type: ['string', 'null'] },
          title: { type: 'string', maxLength: 300 },
          name: { type: 'string', maxLength: 245, description: 'code points' },
          email: { type: 'string', maxLength: 100, format: 'email', description: 'never published' },
          website: { type: 'string', maxLength: 200, description: 'http or https' },
          body: { type: 'string', minLength: 1, maxLength: 65525, description: 'Markdown; code points after trimming' },
          formToken: { type: 'string' },
          notify: {
            type: ['boolean', 'string'],
            enum: [true, false, 'replies', 'thread'],
            description:
              'email replies (true or "replies") or every new comment ("thread"); offered when GET /api/v1/form-token says notify',
          },
        },
      },
      Created: {
        type: 'object',
        properties: {
          id: str,
          editToken: str,
          status: { enum: ['published', 'held'] },
          comment: { $ref: '#/components/schemas/Comment' },
          viewToken: str,
          editableUntil: str,
        },
      },
      Comment: {
        type: 'object',
        properties: {
          id: str,
          parent: { type: ['string', 'null'] },
          depth: { type: 'integer' },
          author: {
            type: ['object', 'null'],
            properties: { name: str, website: { type: ['string', 'null'] }, avatar: str },
          },
          html: { type: ['string', 'null'] },
          createdAt: str,
          editedAt: { type: ['string', 'null'] },
          deleted: { type: 'boolean' },
          pending: { type: 'boolean' },
          replies: { type: 'array', items: { $ref: '#/components/schemas/Comment' } },
          moreReplies: { type: ['string', 'null'] },
        },
      },
      ThreadPage: {
        type: 'object',
        properties: {
          thread: {
            type: 'object',
            properties: {
              id: { type: ['string', 'null'] },
              key: str,
              title: { type: ['string', 'null'] },
              url: { type: ['string', 'null'] },
              count: { type: 'integer' },
              closed: { type: 'boolean' },
            },
          },
          comments: { type: 'array', items: { $ref: '#/components/schemas/Comment' } },
          nextCursor: { type: ['string', 'null'] },
        },
      },
      Error: {
        type: 'object',
        properties: {
          error: {
            type: 'object',
            required: ['code', 'message'],
            properties: {
              code: { enum: [...ERROR_CODES] },
              message: str,
              fields: {
                type: 'object',
                additionalProperties: {
                  type: 'object',
                  properties: { code: { enum: [...FIELD_RULES] }, message: str, limit: { type: 'integer' } },
                },
              },
              params: { type: 'object' },
              requestId: str,
            },
          },
        },
      },
    },
  },
};
