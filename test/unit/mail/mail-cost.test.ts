import { describe, expect, it } from 'vitest';
import { MAX_NESTED_MESSAGES, mailCostProblem } from '../../../shared/domain/mail/mail-cost';

const LIMITS = {
  maxMailBytes: 10 * 1024 * 1024,
  maxMailLines: 200_000,
  maxMimeParts: 100,
  maxTextLines: 1_000,
};
const HEAD =
  'From: anne.dubois@lib-a.example\r\nTo: accounts@helpdesk.example.org\r\nSubject: x\r\nMIME-Version: 1.0\r\n';
const lines = (n: number, line = 'Bonjour, merci de creer ce compte pour notre collegue.') =>
  Array.from({ length: n }, () => line).join('\r\n');
const cost = (mail: string) => mailCostProblem(Buffer.from(mail), LIMITS);

function multipart(parts: string[]): string {
  return `${HEAD}Content-Type: multipart/mixed; boundary="b"\r\n\r\n${parts.map((p) => `--b\r\n${p}\r\n`).join('')}--b--\r\n`;
}

describe('mailCostProblem: the cost of a mail, counted before it is parsed', () => {
  it('lets an ordinary request through', async () => {
    expect(await cost(`${HEAD}Content-Type: text/plain\r\n\r\n${lines(20)}\r\n`)).toBeNull();
  });

  it('refuses more bytes or more lines than the limits', async () => {
    expect(await mailCostProblem(Buffer.alloc(LIMITS.maxMailBytes + 1, 65), LIMITS)).toBe('too-large: bytes');
    expect(await cost(`${HEAD}\r\n${'x\r\n'.repeat(200_001)}`)).toBe('too-large: too many lines');
  });

  it('refuses more unencoded text lines than maxTextLines (the parser keeps them one by one)', async () => {
    expect(await cost(`${HEAD}Content-Type: text/plain\r\n\r\n${lines(1_001)}\r\n`)).toBe(
      'too-large: too many lines of text',
    );
    // 8bit HTML, and text in a part of a multipart, count the same.
    expect(await cost(multipart([`Content-Type: text/html\r\n\r\n${lines(1_001, '<p>ligne</p>')}`]))).toBe(
      'too-large: too many lines of text',
    );
  });

  it('lets the same lines through base64 or quoted-printable (decoded in chunks)', async () => {
    const b64 = lines(5_000, 'QmFzZTY0IGxpbmUgb2YgYW4gYXR0YWNobWVudCwgc2l4dHktc2l4IGNoYXJhY3RlcnMh');
    expect(
      await cost(
        multipart([
          'Content-Type: text/plain\r\n\r\nBonjour',
          `Content-Type: application/pdf\r\nContent-Transfer-Encoding: base64\r\n\r\n${b64}`,
        ]),
      ),
    ).toBeNull();
    expect(
      await cost(
        `${HEAD}Content-Type: text/plain\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n${lines(5_000)}\r\n`,
      ),
    ).toBeNull();
  });

  it('counts base64-looking lines of an unencoded part as text', async () => {
    const alnum = lines(1_001, 'QmFzZTY0IGxpbmUgb2YgYW4gYXR0YWNobWVudCwgc2l4dHktc2l4IGNoYXJhY3RlcnMh');
    expect(await cost(`${HEAD}Content-Type: text/plain\r\n\r\n${alnum}\r\n`)).toBe(
      'too-large: too many lines of text',
    );
  });

  it('is not fooled by a fake boundary and base64 header inside a text part', async () => {
    const fake = `--b\r\nContent-Transfer-Encoding: base64\r\n\r\n${lines(1_001, 'QmFzZTY0IGxpbmU=')}`;
    expect(await cost(multipart([`Content-Type: text/plain\r\n\r\n${fake.replace(/--b/, '--c')}`]))).toBe(
      'too-large: too many lines of text',
    );
  });

  it('counts a part with two transfer encodings as the costly one', async () => {
    const part = `Content-Type: text/plain\r\nContent-Transfer-Encoding: base64\r\nContent-Transfer-Encoding: 8bit\r\n\r\n${lines(1_001, 'QmFzZTY0IGxpbmU=')}`;
    expect(await cost(multipart([part]))).toBe('too-large: too many lines of text');
  });

  it('refuses more MIME parts than maxMimeParts', async () => {
    const parts = Array.from({ length: 101 }, () => 'Content-Type: text/plain\r\n\r\nx');
    expect(await cost(multipart(parts))).toBe('too-large: too many MIME parts');
    expect(await cost(multipart(parts.slice(0, 90)))).toBeNull();
  });

  it('refuses a part header block over 1 MiB', async () => {
    const header = `X-Filler: ${'a'.repeat(70)}\r\n`.repeat(20_000);
    expect(await cost(multipart([`Content-Type: text/plain\r\n${header}\r\nx`]))).toMatch(/^too-large: /);
  });

  describe('nested messages (message/rfc822): their decoded lines and parts count too', () => {
    const INNER_HEAD = 'From: eve@evil.example\r\nSubject: fwd\r\nMIME-Version: 1.0\r\n';
    /** A mail that is nothing but short lines: cheap encoded, about 2 KB a line once parsed. */
    const shortLines = (n: number, eol = '\r\n') =>
      `${INNER_HEAD}Content-Type: text/plain\r\n\r\n${`x${eol}`.repeat(n)}`;
    const base64 = (text: string) => Buffer.from(text).toString('base64').replace(/.{76}/g, '$&\r\n');
    /** Quoted-printable with line breaks encoded and soft breaks every 70 characters: few raw lines. */
    const qp = (text: string) =>
      text
        .replace(/=/g, '=3D')
        .replace(/\r\n/g, '=0D=0A')
        .match(/(?:=[0-9A-F]{2}|[^=]){1,70}/g)!
        .join('=\r\n');
    type Wrapping = {
      encoding: 'base64' | 'quoted-printable' | '7bit';
      disposition?: 'inline' | 'attachment';
    };
    const rfc822Part = (inner: string, { encoding, disposition }: Wrapping) => {
      const body =
        encoding === 'base64' ? base64(inner) : encoding === 'quoted-printable' ? qp(inner) : inner;
      return [
        'Content-Type: message/rfc822',
        `Content-Transfer-Encoding: ${encoding}`,
        ...(disposition ? [`Content-Disposition: ${disposition}; filename="fwd.eml"`] : []),
        '',
        body,
      ].join('\r\n');
    };
    /** The whole mail is one message/rfc822 body: the shape of the issue's 9.7 MiB mail. */
    const wholeMail = (inner: string, wrapping: Wrapping) => `${HEAD}${rfc822Part(inner, wrapping)}\r\n`;
    const forwarded = (inner: string, wrapping: Wrapping) =>
      multipart(['Content-Type: text/plain\r\n\r\nVoir le message joint.', rfc822Part(inner, wrapping)]);

    it('refuses a base64 message/rfc822 body of 300,000 one-character lines (inline and attached)', async () => {
      const inner = shortLines(300_000);
      for (const disposition of [undefined, 'inline', 'attachment'] as const) {
        expect(await cost(wholeMail(inner, { encoding: 'base64', disposition }))).toBe(
          'too-large: too many lines',
        );
        expect(await cost(forwarded(inner, { encoding: 'base64', disposition }))).toBe(
          'too-large: too many lines',
        );
      }
    });

    it('refuses the same lines in a quoted-printable message/rfc822', async () => {
      expect(await cost(wholeMail(shortLines(300_000), { encoding: 'quoted-printable' }))).toBe(
        'too-large: too many lines',
      );
    });

    it('refuses a nested message inside a nested message, both base64', async () => {
      const middle = `${INNER_HEAD}${rfc822Part(shortLines(300_000), { encoding: 'base64' })}\r\n`;
      expect(await cost(forwarded(middle, { encoding: 'base64', disposition: 'attachment' }))).toBe(
        'too-large: too many lines',
      );
    });

    it('counts unencoded text lines and parts of a nested message as the mail’s own', async () => {
      const text = `${INNER_HEAD}Content-Type: text/plain\r\n\r\n${lines(1_001)}\r\n`;
      expect(await cost(forwarded(text, { encoding: 'base64' }))).toBe('too-large: too many lines of text');
      const parts = Array.from({ length: 60 }, () => 'Content-Type: text/plain\r\n\r\nx');
      const inner = `${INNER_HEAD}Content-Type: multipart/mixed; boundary="i"\r\n\r\n${parts.map((p) => `--i\r\n${p}\r\n`).join('')}--i--\r\n`;
      // 60 parts inside, 60 more beside: 100 in all is the limit.
      expect(await cost(multipart([...parts, rfc822Part(inner, { encoding: 'quoted-printable' })]))).toBe(
        'too-large: too many MIME parts',
      );
    });

    it('refuses messages nested deeper than MAX_NESTED_MESSAGES, 7bit or encoded', async () => {
      let encoded = `${INNER_HEAD}Content-Type: text/plain\r\n\r\nBonjour\r\n`;
      let plain = encoded;
      for (let depth = 1; depth <= MAX_NESTED_MESSAGES; depth++) {
        expect(await cost(forwarded(encoded, { encoding: 'base64' }))).toBeNull();
        expect(await cost(forwarded(plain, { encoding: '7bit', disposition: 'inline' }))).toBeNull();
        encoded = `${INNER_HEAD}${rfc822Part(encoded, { encoding: 'base64' })}\r\n`;
        plain = `${INNER_HEAD}${rfc822Part(plain, { encoding: '7bit', disposition: 'inline' })}\r\n`;
      }
      expect(await cost(forwarded(encoded, { encoding: 'base64' }))).toBe(
        'too-large: messages nested too deep',
      );
      expect(await cost(forwarded(plain, { encoding: '7bit', disposition: 'inline' }))).toBe(
        'too-large: messages nested too deep',
      );
    });

    it('reads a part of a multipart/digest without Content-Type as a nested message', async () => {
      const digest = `${HEAD}Content-Type: multipart/digest; boundary="d"\r\n\r\n--d\r\nContent-Transfer-Encoding: base64\r\n\r\n${base64(shortLines(300_000))}\r\n--d--\r\n`;
      expect(await cost(digest)).toBe('too-large: too many lines');
    });

    it('lets an ordinary forwarded request through, and answers within a second for the largest shape', async () => {
      const request = `${INNER_HEAD}Content-Type: text/plain; charset=utf-8\r\n\r\n${lines(40)}\r\n`;
      for (const encoding of ['base64', 'quoted-printable', '7bit'] as const)
        expect(await cost(forwarded(request, { encoding, disposition: 'attachment' }))).toBeNull();
      // ~3.7 million one-character lines, 9.7 MiB once base64-encoded: stopped at the line bound.
      const huge = Buffer.from(wholeMail(shortLines(3_700_000, '\n'), { encoding: 'base64' }));
      expect(huge.length).toBeLessThan(LIMITS.maxMailBytes);
      const start = performance.now();
      expect(await mailCostProblem(huge, LIMITS)).toBe('too-large: too many lines');
      expect(performance.now() - start).toBeLessThan(1_000);
    });
  });
});
