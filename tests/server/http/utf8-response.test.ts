/** The API workers' Response encodes string bodies natively, to exactly the bytes undici would send. */
import { describe, expect, it } from 'vitest';
import { installUtf8BodyResponses } from '../../../server/http/utf8-response';

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
        expect(new Uint8Array(await mine.arrayBuffer())).toEqual(new Uint8Array(await theirs.arrayBuffer()));
        expect(mine.status).toBe(207);
        expect(mine.headers.get('content-type')).toBe(theirs.headers.get('content-type'));
      }
      const json = new Response('{}', { headers: { 'content-type': 'application/json' } });
      expect(json.headers.get('content-type')).toBe('application/json');
      expect(await new Response(null, { status: 204 }).text()).toBe('');
    } finally {
      globalThis.Response = Native;
    }
  });
});
