import { fetchInventory } from '@/lib/server/inventory';
Object.assign(process.env, { AWS_ENDPOINT_URL_EC2: process.argv[2], AWS_ACCESS_KEY_ID: 'b', AWS_SECRET_ACCESS_KEY: 'b', AWS_REGION: 'us-east-1', AWS_EC2_METADATA_DISABLED: 'true', LINEAGE_REGIONS: 'us-east-1,us-west-2,eu-west-1,ap-southeast-2', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' });
(async () => {
  for (let i = 0; i < 6; i++) {
    const t = performance.now(); const cpu = process.cpuUsage();
    const r = await fetchInventory({ refresh: true });
    const c = process.cpuUsage(cpu);
    console.log(i, (performance.now() - t).toFixed(0), 'ms wall', ((c.user + c.system) / 1000).toFixed(0), 'ms cpu', r.errors.length);
  }
})();
