// A site's defaults are the install's PARLEY_… values over the built-in ones. Built here, in
// the rules layer, so that scheduled jobs can resolve a site's settings without reading the
// configuration module (which validates these values once, at start-up).
import { DEFAULT_SETTINGS, SPAM_DEFAULTS, type SiteSettings } from './settings.ts';

/** The install-wide values a site's defaults are made of; the configuration has these fields. */
export type InstallDefaults = Readonly<
  Pick<
    SiteSettings,
    | 'floodSeconds'
    | 'editWindowMinutes'
    | 'maxDepth'
    | 'pageSize'
    | 'repliesPerPage'
    | 'premoderation'
    | 'maxLinks'
    | 'ipRetentionDays'
  >
> & { readonly spamDisabledChecks: readonly string[] };

export function siteDefaults(install: InstallDefaults): SiteSettings {
  return {
    floodSeconds: install.floodSeconds,
    editWindowMinutes: install.editWindowMinutes,
    maxDepth: install.maxDepth,
    pageSize: install.pageSize,
    repliesPerPage: install.repliesPerPage,
    premoderation: install.premoderation,
    maxLinks: install.maxLinks,
    ipRetentionDays: install.ipRetentionDays,
    autoApproveAfter: DEFAULT_SETTINGS.autoApproveAfter,
    closeAfterDays: DEFAULT_SETTINGS.closeAfterDays,
    notifyIntervalMinutes: DEFAULT_SETTINGS.notifyIntervalMinutes,
    ...SPAM_DEFAULTS,
    disabledChecks: [...install.spamDisabledChecks],
  };
}
