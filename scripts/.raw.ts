import { startEmulator } from '../emulator/server';
async function walk(url: string, action: string, extra: Record<string, string>, max: number) {
  let token: string | undefined; let pages = 0; let bytes = 0;
  const t = performance.now();
  do {
    const params = new URLSearchParams({ Action: action, Version: '2016-11-15', MaxResults: String(max), ...extra });
    if (token) params.set('NextToken', token);
    const res = await fetch(`${url}/`, { method: 'POST', body: params });
    const body = await res.text(); bytes += body.length;
    token = /<nextToken>([^<]+)<\/nextToken>/.exec(body)?.[1]; pages++;
  } while (token);
  console.log(action, pages, 'pages', (bytes / 1e6).toFixed(1), 'MB', (performance.now() - t).toFixed(0), 'ms');
}
async function main() {
const r = await startEmulator({ port: 0, scenario: 'synthetic:50000', delayMs: 0 });
for (let i = 0; i < 2; i++) {
  await walk(r.url, 'DescribeInstances', {}, 1000);
  await walk(r.url, 'DescribeVolumes', {}, 500);
  await walk(r.url, 'DescribeSnapshots', { 'Owner.1': 'self' }, 1000);
  await walk(r.url, 'DescribeImages', { 'Owner.1': 'self' }, 1000);
}
await r.close();
}
void main();
