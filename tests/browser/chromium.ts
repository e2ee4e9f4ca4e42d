import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';

/**
 * The Chromium the browser tests drive: Debian's, which `.ci/run` installs.
 * Without it the tests skip, except in CI (CI=true), where that is a failure.
 */
export const CHROMIUM = '/usr/bin/chromium';
export const inCi = ['true', '1'].includes(String(process.env.CI).toLowerCase());
export const available = existsSync(CHROMIUM);
export const runBrowserTests = available || inCi;
if (!available && !inCi) console.warn(`tests/browser skipped: no ${CHROMIUM} (apt-get install chromium fonts-noto-cjk); CI=true makes this a failure`);

/** A fresh headless Chromium at 1280 px, as a user's window, with its own profile and no background traffic. */
export async function launchChromium(): Promise<BrowserContext> {
  if (!available) throw new Error(`CI=true but ${CHROMIUM} is missing: apt-get install chromium fonts-noto-cjk`);
  return chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'urbsim-chromium-')), {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1280, height: 900 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/**
 * One Chromium for the tests of a describe block: launched before them ({@link launchChromium}), closed after;
 * the context, once launched, from the function returned.
 *
 * @example
 * const context = chromiumContext();
 * it('…', async () => { const page = await context().newPage(); … });
 */
export function chromiumContext(): () => BrowserContext {
  let context: BrowserContext | undefined;
  beforeAll(async () => {
    context = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await context?.close();
  });
  return () => context!;
}
