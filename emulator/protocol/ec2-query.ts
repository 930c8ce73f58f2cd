import type { StaticOperationSchema } from '@smithy/types';
import { type ApiError, invalidAction } from '../errors';
import { decodeQuery, encodeXmlValue, queryParams } from './query';
import { type SdkModule, inputOf, operationSchema, outputOf } from './schema';
import type { Protocol, WireResponse } from './wire';
import { XML_DECLARATION, escapeXml } from './xml';

/**
 * EC2's Query protocol (`ec2Query`): `Action=…&Version=2016-11-15` form posts in, `<ActionResponse>` XML out with
 * `<requestId>` first, errors as `<Response><Errors><Error>`. Driven by the SDK's own EC2 model.
 */

export const EC2_NAMESPACE = 'http://ec2.amazonaws.com/doc/2016-11-15/';

export function ec2ErrorXml(code: string, message: string, requestId: string): string {
  return (
    XML_DECLARATION +
    `<Response><Errors><Error><Code>${escapeXml(code)}</Code><Message>${escapeXml(message)}</Message></Error></Errors>` +
    `<RequestID>${escapeXml(requestId)}</RequestID></Response>`
  );
}

export function encodeEc2Output(
  operation: StaticOperationSchema,
  action: string,
  requestId: string,
  result: object,
): string {
  const out: string[] = [
    `${XML_DECLARATION}<${action}Response xmlns="${EC2_NAMESPACE}"><requestId>${escapeXml(requestId)}</requestId>`,
  ];
  const output = outputOf(operation);
  if (output.isStructSchema()) encodeXmlValue(output, result, out);
  else out.push('<return>true</return>');
  out.push(`</${action}Response>`);
  return out.join('');
}

const xml = (status: number, body: string): WireResponse => ({ status, contentType: 'text/xml', body });

export function ec2Query(sdk: SdkModule): Protocol {
  const schema = (action: string) => {
    const operation = operationSchema(sdk, action);
    if (!operation) throw invalidAction(action);
    return operation;
  };
  return {
    rpc: true,
    actionOf: (request) => queryParams(request).get('Action') ?? '',
    decode: (action, request) => decodeQuery(inputOf(schema(action)), queryParams(request), 'ec2'),
    encode: (action, result, requestId) => xml(200, encodeEc2Output(schema(action), action, requestId, result)),
    encodeError: (error: ApiError, requestId) => xml(error.status, ec2ErrorXml(error.code, error.message, requestId)),
    unknownOperation: invalidAction,
  };
}
