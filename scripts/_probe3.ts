const url = process.argv[2];
const PAGE: Record<string, [string, Record<string,string>, number]> = { i: ['DescribeInstances', {}, 1000], v: ['DescribeVolumes', {}, 500], s: ['DescribeSnapshots', { 'Owner.1': 'self' }, 1000], m: ['DescribeImages', { 'Owner.1': 'self' }, 1000] };
(async () => {
  for (const round of [1, 2]) {
  let total = 0; let pages = 0; let bytes = 0;
  for (const region of ['us-east-1','us-west-2','eu-west-1','ap-southeast-2']) for (const [action, extra, max] of Object.values(PAGE)) {
    const authorization = `AWS4-HMAC-SHA256 Credential=b/20261121/${region}/ec2/aws4_request, SignedHeaders=host, Signature=0`;
    let token: string | undefined;
    do {
      const params = new URLSearchParams({ Action: action, Version: '2016-11-15', MaxResults: String(max), ...extra });
      if (token) params.set('NextToken', token);
      const t = performance.now();
      const res = await fetch(url + '/', { method: 'POST', body: params, headers: { 'content-type': 'application/x-www-form-urlencoded', authorization } });
      const body = await res.text();
      total += performance.now() - t - 150; pages++; bytes += body.length;
      token = /<nextToken>([^<]+)<\/nextToken>/.exec(body)?.[1];
    } while (token);
  }
  console.log('round', round, 'pages', pages, 'server ms beyond latency', total.toFixed(0), 'MB', (bytes/1e6).toFixed(1));
  }
})();
