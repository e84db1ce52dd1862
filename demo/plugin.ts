// The demo newsroom as a plugin of the server: `parley serve --demo` and the tests pass it to
// buildApp(); the server itself never imports this folder.
import type { ParleyPlugin } from '../src/server/app.ts';
import { seedConversation } from './conversation.ts';
import { demoRoutes, demoWrapper } from './demo.routes.ts';

/** seed: write the opening conversation under the first article when it has no thread yet. */
export function demoPlugin(opts: { seed?: boolean } = {}): ParleyPlugin {
  return async (app, { ctx, addPageWrapper }) => {
    addPageWrapper(demoWrapper(ctx));
    demoRoutes(app, ctx);
    if (opts.seed) await seedConversation(ctx);
  };
}
