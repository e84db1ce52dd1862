// Avatars are drawn from a per-site HMAC of the email (12 hex digits): the same person
// gets the same picture on one site, nobody can reverse it, and two sites cannot link it.
// No request leaves the server (unlike Gravatar, whose URL carries an unkeyed email hash).
import type { FastifyInstance } from 'fastify';
import { AppError } from '../../../core/errors.ts';

export function avatarSvg(seed: string): string {
  const bits = parseInt(seed.slice(0, 8), 16);
  const hue = parseInt(seed.slice(8, 11), 16) % 360;
  const fg = `hsl(${hue} 55% 45%)`;
  let cells = '';
  for (let y = 0; y < 5; y++) {
    for (let x = 0; x < 3; x++) {
      if ((bits >> (y * 3 + x)) & 1) {
        cells += `<rect x="${x}" y="${y}" width="1" height="1"/>`;
        if (x < 2) cells += `<rect x="${4 - x}" y="${y}" width="1" height="1"/>`;
      }
    }
  }
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="-0.5 -0.5 6 6" width="48" height="48"><rect x="-0.5" y="-0.5" width="6" height="6" fill="hsl(${hue} 40% 94%)"/><g fill="${fg}">${cells}</g></svg>`;
}

export function avatarRoutes(app: FastifyInstance): void {
  app.get('/api/v1/avatars/:seed', { config: { public: true } }, async (req, reply) => {
    const { seed } = req.params as { seed: string };
    const m = /^([0-9a-f]{12})\.svg$/.exec(seed);
    if (!m) throw new AppError('NOT_FOUND');
    return reply
      .type('image/svg+xml')
      .header('cache-control', 'public, max-age=31536000, immutable')
      .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'")
      .send(avatarSvg(m[1]));
  });
}
