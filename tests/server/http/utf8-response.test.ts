/** The API workers' Response encodes string bodies natively, to exactly the bytes undici would send. */
import { describe, expect, it } from 'vitest';
import { encodedBodyOf, installUtf8BodyResponses } from '../../../server/http/utf8-response';

describe('Utf8BodyResponse', () => {
  it('sends the same bytes and headers as the built-in Response for any string', async () => {
    const Native = globalThis.Response;
    const bodies = ['{"党支部":"第一党支部"}', '𠮷 and 🎉', 'lone \ud800 surrogate \udfff', ''];
    installUtf8BodyResponses();
    try {
      expect(globalThis.Response).not.toBe(Native);
      for (const body of bodies) {
        const mine = new Response(body, { status: 207 });
        const theirs = new Native(body, { status: 207 });
        const expected = new Uint8Array(await theirs.arrayBuffer());
        // The kept bytes (what the worker transfers: an ArrayBuffer of exactly their own) and the stream.
        const kept = await encodedBodyOf(mine);
        expect(kept).toEqual(expected);
        expect(kept.buffer.byteLength).toBe(expected.byteLength);
        expect(new Uint8Array(await mine.arrayBuffer())).toEqual(expected);
        expect(mine.status).toBe(207);
        expect(mine.headers.get('content-type')).toBe(theirs.headers.get('content-type'));
      }
      const json = new Response('{}', { headers: { 'content-type': 'application/json' } });
      expect(json.headers.get('content-type')).toBe('application/json');
      expect(await new Response(null, { status: 204 }).text()).toBe('');
      // A body that was no string is read from its stream.
      expect(await encodedBodyOf(new Response(new Uint8Array([1, 2, 3])))).toEqual(new Uint8Array([1, 2, 3]));
    } finally {
      globalThis.Response = Native;
    }
  });
});
