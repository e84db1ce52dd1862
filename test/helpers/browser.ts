// Headless Chromium for end-to-end tests: Debian's /usr/bin/chromium driven by playwright-core
// (which downloads no browser of its own). Without the browser a test skips with a notice,
// except under CI=true, where a missing browser is a failure.
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM_PATH = '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * The browser, or null when /usr/bin/chromium is missing outside CI: the caller then does
 * `t.skip('chromium not installed')`. Under CI=true a missing browser throws.
 */
export async function launchBrowser(): Promise<Browser | null> {
  if (!existsSync(CHROMIUM_PATH)) {
    if (process.env.CI === 'true') {
      throw new Error(
        `${CHROMIUM_PATH} not found: install Debian's chromium (apt-get install -y chromium); CI=true does not skip browser tests`,
      );
    }
    console.log(`# notice: ${CHROMIUM_PATH} not found, browser tests skipped (apt-get install -y chromium)`);
    return null;
  }
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
}
