// What the e2e suite, the integration tests and the bench run against on this
// machine: the fixture image (`npm run fixtures` builds it) and Debian's
// Chromium (never a downloaded browser).
export const FIXTURE_IMAGE = process.env.TOOLSHED_FIXTURE_IMAGE ?? 'localhost/toolshed-fixture:bookworm';
export const CHROMIUM = process.env.TOOLSHED_CHROMIUM ?? '/usr/bin/chromium';
