import { defineConfig, devices } from '@playwright/test';
import { chromiumLaunchOptions } from './e2e/browser';

export const E2E_APP_PORT = Number(process.env.E2E_APP_PORT ?? 3199);
/** A second app on the same emulator, guarded by an access token. */
export const E2E_SECURE_PORT = Number(process.env.E2E_SECURE_PORT ?? 3198);
export const E2E_ACCESS_TOKEN = 'e2e-access-token-0123456789';
export const E2E_EMULATOR_PORT = Number(process.env.E2E_EMULATOR_PORT ?? 4599);
const emulatorUrl = `http://127.0.0.1:${E2E_EMULATOR_PORT}`;

/** The environment of the app under test, pointed at an emulator; every request reads EC2 afresh. */
export function appEnvironment(emulator: string, extraEnv: Record<string, string> = {}): Record<string, string> {
  return {
    NEXT_TELEMETRY_DISABLED: '1',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    AWS_ENDPOINT_URL_EC2: emulator,
    AWS_ENDPOINT_URL_EBS: emulator,
    AWS_ENDPOINT_URL_CLOUDTRAIL: emulator,
    AWS_ENDPOINT_URL_RBIN: emulator,
    AWS_ENDPOINT_URL_IAM: emulator,
    AWS_ACCESS_KEY_ID: 'e2e',
    AWS_SECRET_ACCESS_KEY: 'e2e',
    AWS_REGION: 'us-east-1',
    AWS_EC2_METADATA_DISABLED: 'true',
    LINEAGE_DEMO: '1',
    LINEAGE_REGIONS: 'us-east-1,eu-west-1',
    LINEAGE_CACHE_TTL_MS: '0',
    ...extraEnv,
  };
}

export const appCommand = (port: number) => `node node_modules/next/dist/bin/next start -H 127.0.0.1 -p ${port}`;

/** Where the app on `port` records history: a directory of its own, emptied before it starts. */
export const appHistoryDir = (port: number) => `test-results/e2e-history-${port}`;

/** The app, built beforehand. */
function appServer(port: number, extraEnv: Record<string, string> = {}) {
  return {
    command: `rm -rf ${appHistoryDir(port)} && ${appCommand(port)}`,
    url: `http://127.0.0.1:${port}/api/health`,
    reuseExistingServer: false,
    timeout: 60_000,
    env: appEnvironment(emulatorUrl, { LINEAGE_DATA_DIR: appHistoryDir(port), ...extraEnv }),
  };
}

export default defineConfig({
  testDir: './e2e',
  outputDir: './test-results/e2e',
  fullyParallel: false,
  workers: 1,
  forbidOnly: !!process.env.CI,
  retries: process.env.CI ? 1 : 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list'], ['json', { outputFile: '.test-report/playwright.json' }]],
  use: {
    baseURL: `http://127.0.0.1:${E2E_APP_PORT}`,
    trace: 'on-first-retry',
    screenshot: 'only-on-failure',
    launchOptions: chromiumLaunchOptions(),
  },
  // Playwright ends each server by its process group, so next-server goes with `next start`.
  webServer: [
    {
      command: `node node_modules/tsx/dist/cli.mjs emulator/cli.ts --port ${E2E_EMULATOR_PORT} --scenario walkthrough --delay-ms 1500`,
      url: `${emulatorUrl}/_emulator/health`,
      reuseExistingServer: false,
      timeout: 30_000,
    },
    appServer(E2E_APP_PORT),
    appServer(E2E_SECURE_PORT, { LINEAGE_ACCESS_TOKEN: E2E_ACCESS_TOKEN }),
  ],
  projects: [{ name: 'chromium', use: { ...devices['Desktop Chrome'], viewport: { width: 1440, height: 900 } } }],
});
