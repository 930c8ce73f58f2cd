import {
  DescribeImagesCommand,
  DescribeInstancesCommand,
  DescribeSnapshotsCommand,
  DescribeVolumesCommand,
  EC2Client,
  type ServiceInputTypes,
  type ServiceOutputTypes,
} from '@aws-sdk/client-ec2';
import type { DeserializeMiddleware } from '@smithy/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningEmulator, startEmulator } from '@/emulator/server';
import { readPlainXml, readXmlFaster } from '@/lib/server/xml';

/**
 * The plain-XML reader against the emulator over HTTP with the real SDK: for the answers an inventory reads (the four
 * Describe calls, a page with a NextToken, tags, block device mappings, an error), the same tree as the SDK's own
 * reader, and the same command outputs and errors from a client that uses it.
 */

let emulator: RunningEmulator;
const clients: EC2Client[] = [];

function client(): EC2Client {
  const made = new EC2Client({
    region: 'us-east-1',
    endpoint: emulator.url,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts: 1,
  });
  clients.push(made);
  return made;
}

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, scenario: 'synthetic:300', delayMs: 0 });
});

afterAll(async () => {
  for (const c of clients) c.destroy();
  await emulator.close();
});

/** The SDK's own reader, from text to tree, of a client left as it is. */
function sdkReader(): (xml: string) => unknown {
  const { deserializer } = client().config.protocol as unknown as { deserializer: { parseXml(x: string): unknown } };
  return (xml) => deserializer.parseXml(xml);
}

/** A client that keeps the text of every answer (read just inside the SDK's deserializer). */
function recording(): { client: EC2Client; answers: string[] } {
  const answers: string[] = [];
  const made = client();
  const keep: DeserializeMiddleware<ServiceInputTypes, ServiceOutputTypes> = (next) => async (args) => {
    const result = await next(args);
    const response = result.response as { body: AsyncIterable<Uint8Array> | Uint8Array };
    const chunks: Uint8Array[] = [];
    for await (const chunk of response.body as AsyncIterable<Uint8Array>) chunks.push(chunk);
    const bytes = Buffer.concat(chunks);
    response.body = bytes;
    answers.push(bytes.toString('utf8'));
    return result;
  };
  made.middlewareStack.addRelativeTo(keep, {
    relation: 'after',
    toMiddleware: 'deserializerMiddleware',
    name: 'testKeepAnswer',
  });
  return { client: made, answers };
}

const COMMANDS = () => [
  new DescribeInstancesCommand({ MaxResults: 5 }),
  new DescribeVolumesCommand({ MaxResults: 5 }),
  new DescribeSnapshotsCommand({ OwnerIds: ['self'], MaxResults: 5 }),
  new DescribeImagesCommand({ Owners: ['self'], MaxResults: 5 }),
  new DescribeImagesCommand({ Filters: [{ Name: 'image-id', Values: ['ami-00000000000000000'] }] }),
];

const withoutMetadata = ({ $metadata: _, ...output }: { $metadata: unknown }) => output;

describe('readPlainXml', () => {
  it("makes the SDK's tree of every answer an inventory reads, pages with a NextToken included", async () => {
    const { client: c, answers } = recording();
    for (const command of COMMANDS()) await c.send(command);
    await expect(c.send(new DescribeVolumesCommand({ VolumeIds: ['vol-0123456789abcdef0'] }))).rejects.toThrow();
    expect(answers).toHaveLength(6);
    expect(answers.filter((a) => a.includes('<nextToken>'))).toHaveLength(4);
    expect(answers.some((a) => a.includes('<tagSet>') && a.includes('<blockDeviceMapping>'))).toBe(true);
    const sdk = sdkReader();
    for (const xml of answers) expect(readPlainXml(xml)).toEqual(sdk(xml));
  });

  it("leaves to the SDK's reader what is not plain XML", () => {
    for (const xml of [
      '<a><!-- note --><b>1</b></a>',
      '<a><b><![CDATA[x]]></b></a>',
      '<a><b c="1">2</b></a>',
      '<a>text<b>1</b></a>',
      '<a><b>1</b>',
      '<!DOCTYPE a><a/>',
    ]) {
      expect(() => readPlainXml(xml), xml).toThrow();
    }
    const sdk = sdkReader();
    const entities = '<a xmlns="x"><b>&lt;1&gt; &amp; &#65;&#x42;</b><c/><c>2</c><c>3</c></a>';
    expect(readPlainXml(entities)).toEqual(sdk(entities));
  });
});

describe('readXmlFaster', () => {
  it('answers every Describe call as the SDK does, and fails as it does', async () => {
    const fast = client();
    readXmlFaster(fast);
    const plain = client();
    for (const command of COMMANDS()) {
      const input = command.input;
      const Command = command.constructor as typeof DescribeVolumesCommand;
      const [a, b] = await Promise.all([
        fast.send(new Command(input as never)),
        plain.send(new Command(input as never)),
      ]);
      expect(withoutMetadata(a)).toEqual(withoutMetadata(b));
    }
    const missing = () => new DescribeVolumesCommand({ VolumeIds: ['vol-0123456789abcdef0'] });
    const [fastError, plainError] = await Promise.all([
      fast.send(missing()).catch((e: unknown) => e),
      plain.send(missing()).catch((e: unknown) => e),
    ]);
    expect(fastError).toMatchObject({ name: 'InvalidVolume.NotFound' });
    const fields = (e: unknown) => {
      const { name, message, Code } = e as { name: string; message: string; Code?: string };
      return { name, message, Code };
    };
    expect(fields(fastError)).toEqual(fields(plainError));
  });

  it("reads what it leaves to the SDK with the SDK's reader", () => {
    const fast = client();
    readXmlFaster(fast);
    const { deserializer } = fast.config.protocol as unknown as { deserializer: { parseXml(x: string): unknown } };
    const cdata = '<a><b><![CDATA[x<y]]></b></a>';
    expect(deserializer.parseXml(cdata)).toEqual(sdkReader()(cdata));
  });
});
