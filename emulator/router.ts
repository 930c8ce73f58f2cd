import { randomUUID } from 'node:crypto';
import type { Emulator } from './emulator';
import { ApiError } from './errors';
import { awsQueryErrorXml } from './protocol/aws-query';
import { credentialScope } from './protocol/scope';
import type { WireRequest, WireResponse } from './protocol/wire';
import { SERVICES, isServiceName } from './services';

/**
 * One endpoint, many services: the service name in the request's SigV4 credential scope (Authorization header or
 * presigned X-Amz-Credential) picks the service, its protocol reads the operation and input, the access key id picks
 * the calling account, and the region in the scope picks the region. A request without a scope is EC2's, in
 * us-east-1, from the default account.
 */

const DEFAULT_REGION = 'us-east-1';

const header = (request: WireRequest, name: string) => {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
};

/** A service the emulator does not serve, answered in the shape the request looks like it expects. */
function unknownService(name: string, request: WireRequest, requestId: string): WireResponse {
  const message = `The emulator does not serve the service '${name}'; it serves ${Object.keys(SERVICES).join(', ')}.`;
  const json =
    header(request, 'x-amz-target') !== undefined || (header(request, 'content-type') ?? '').includes('json');
  if (json) {
    const body = JSON.stringify({ __type: 'UnknownOperationException', message });
    return { status: 400, contentType: 'application/x-amz-json-1.1', body };
  }
  const error = new ApiError('InvalidAction', message);
  return { status: 400, contentType: 'text/xml', body: awsQueryErrorXml(error, requestId, '') };
}

export function route(em: Emulator, request: WireRequest): WireResponse & { requestId: string } {
  const requestId = randomUUID();
  const scope = credentialScope(header(request, 'authorization'), request.query);
  const name = scope?.service ?? 'ec2';
  if (!isServiceName(name)) return { ...unknownService(name, request, requestId), requestId };
  const { protocol } = SERVICES[name];
  if (protocol.rpc && request.path !== '/') {
    const body = JSON.stringify({ error: `No route ${request.path}` });
    return { status: 404, contentType: 'application/json', body, requestId };
  }
  try {
    if (protocol.rpc && request.method !== 'POST' && request.method !== 'GET')
      throw new ApiError('InvalidAction', 'Use POST or GET.', 405);
    const action = protocol.actionOf(request);
    if (!SERVICES[name].has(action)) throw protocol.unknownOperation(action);
    const caller = em.identify(scope?.accessKeyId, name);
    const input = protocol.decode(action, request);
    const result = em.invoke(scope?.region ?? DEFAULT_REGION, action, input, { api: true, service: name, caller });
    return { ...protocol.encode(action, result, requestId), requestId };
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    return { ...protocol.encodeError(error, requestId), requestId };
  }
}
