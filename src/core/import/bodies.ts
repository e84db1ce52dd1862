// What an imported comment's fields become here: its body in our Markdown (converted from the
// source's HTML or plain text by the render layer's converters, given to the importer), and
// its author's website only when it may be shown as a link.
import { LIMITS } from '../comments/limits.ts';
import type { ImportComment } from './source.ts';

export type BodyConverters = { html(s: string): string; text(s: string): string };

/** The body as the Markdown a posted comment is stored as. */
export function importBody(body: ImportComment['body'], convert: BodyConverters): string {
  if (body.format === 'html') return convert.html(body.text);
  if (body.format === 'text') return convert.text(body.text);
  return body.text;
}

/** A website shown as a link must be an http(s) address, as for a posted comment; anything else is left out. */
export function safeWebsite(raw: string | null): string | null {
  const value = raw?.trim();
  if (!value || value.length > LIMITS.website || /\s/.test(value)) return null;
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname ? value : null;
  } catch {
    return null;
  }
}
