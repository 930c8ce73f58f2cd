import { paginateDescribeImages, paginateDescribeInstances, paginateDescribeSnapshots, paginateDescribeVolumes } from '@aws-sdk/client-ec2';
import { ec2Client } from '@/lib/server/ec2';
Object.assign(process.env, { AWS_ENDPOINT_URL_EC2: process.argv[2], AWS_ACCESS_KEY_ID: 'b', AWS_SECRET_ACCESS_KEY: 'b', AWS_REGION: 'us-east-1', AWS_EC2_METADATA_DISABLED: 'true', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' });
const regions = ['us-east-1','us-west-2','eu-west-1','ap-southeast-2'];
async function run(log: boolean) {
  const t0 = performance.now();
  const ev: string[] = [];
  const walk = async (label: string, pages: AsyncIterable<unknown>) => { let i = 0; for await (const _ of pages) ev.push(`${(performance.now()-t0).toFixed(0).padStart(5)} ${label} page ${++i}`); };
  await Promise.all(regions.flatMap((region) => { const client = ec2Client(region); return [
    walk(region+' inst', paginateDescribeInstances({ client }, { MaxResults: 1000 })),
    walk(region+' vol', paginateDescribeVolumes({ client }, { MaxResults: 500 })),
    walk(region+' snap', paginateDescribeSnapshots({ client }, { OwnerIds: ['self'], MaxResults: 1000 })),
    walk(region+' img', paginateDescribeImages({ client }, { Owners: ['self'], MaxResults: 1000 })),
  ]; }));
  if (log) console.log(ev.sort().join('\n'));
  console.log('total', (performance.now()-t0).toFixed(0));
}
(async () => { await run(false); await run(false); await run(true); })();
