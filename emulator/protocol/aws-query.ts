import { ApiError } from '../errors';
import { decodeQuery, encodeXmlValue, queryParams } from './query';
import { type SdkModule, inputOf, operationSchema, outputOf } from './schema';
import type { Protocol, WireResponse } from './wire';
import { XML_DECLARATION, escapeXml } from './xml';

/**
 * The AWS Query protocol (`awsQuery`, STS): `Action=…&Version=…` form posts in; out
 * `<XResponse><XResult>…</XResult><ResponseMetadata><RequestId>` and errors as
 * `<ErrorResponse><Error><Type>Sender|Receiver</Type><Code>…`.
 */

export interface AwsQuerySettings {
  /** The service's XML namespace, as the SDK client's protocol settings name it. */
  xmlNamespace: string;
  /** The API version every request carries. */
  version: string;
}

export function awsQueryErrorXml(error: ApiError, requestId: string, xmlNamespace: string): string {
  const type = error.status >= 500 ? 'Receiver' : 'Sender';
  return (
    `${XML_DECLARATION}<ErrorResponse${xmlNamespace ? ` xmlns="${xmlNamespace}"` : ''}><Error><Type>${type}</Type>` +
    `<Code>${escapeXml(error.code)}</Code><Message>${escapeXml(error.message)}</Message></Error>` +
    `<RequestId>${escapeXml(requestId)}</RequestId></ErrorResponse>`
  );
}

const xml = (status: number, body: string): WireResponse => ({ status, contentType: 'text/xml', body });

export function awsQuery(sdk: SdkModule, settings: AwsQuerySettings): Protocol {
  const unknownOperation = (action: string) =>
    new ApiError('InvalidAction', `Could not find operation ${action} for version ${settings.version}`);
  const schema = (action: string) => {
    const operation = operationSchema(sdk, action);
    if (!operation) throw unknownOperation(action);
    return operation;
  };
  return {
    rpc: true,
    actionOf: (request) => queryParams(request).get('Action') ?? '',
    decode: (action, request) => decodeQuery(inputOf(schema(action)), queryParams(request), 'aws'),
    encode(action, result, requestId) {
      const out = [`${XML_DECLARATION}<${action}Response xmlns="${settings.xmlNamespace}">`];
      const output = outputOf(schema(action));
      if (output.isStructSchema()) {
        out.push(`<${action}Result>`);
        encodeXmlValue(output, result, out);
        out.push(`</${action}Result>`);
      }
      out.push(`<ResponseMetadata><RequestId>${escapeXml(requestId)}</RequestId></ResponseMetadata>`);
      out.push(`</${action}Response>`);
      return xml(200, out.join(''));
    },
    encodeError: (error, requestId) => xml(error.status, awsQueryErrorXml(error, requestId, settings.xmlNamespace)),
    unknownOperation,
  };
}
