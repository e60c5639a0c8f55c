import { describe, expect, it } from 'vitest';
import { mailCostProblem } from '../../../shared/domain/mail/mail-cost';

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
});
