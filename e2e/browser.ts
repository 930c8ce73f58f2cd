import { existsSync } from 'node:fs';

/** Debian's Chromium when the machine has it (Playwright's own download does not work everywhere), else Playwright's. */
const SYSTEM_CHROMIUM = '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export function chromiumLaunchOptions(): { executablePath?: string; args: string[] } {
  return { executablePath: existsSync(SYSTEM_CHROMIUM) ? SYSTEM_CHROMIUM : undefined, args: CHROMIUM_ARGS };
}
