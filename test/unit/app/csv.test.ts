import { Readable } from 'node:stream';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type CsvRecord, type CsvSyntaxProblem, csvRecords, csvText } from '../../../shared/app/csv';

async function readAll(input: string | Readable): Promise<(CsvRecord | CsvSyntaxProblem)[]> {
  const items: (CsvRecord | CsvSyntaxProblem)[] = [];
  for await (const item of csvRecords(input)) items.push(item);
  return items;
}

/** The records read before the first syntax problem, and that problem. */
async function readUntilError(input: string): Promise<{ records: CsvRecord[]; error: CsvSyntaxProblem }> {
  const records: CsvRecord[] = [];
  for await (const item of csvRecords(input)) {
    if ('problem' in item) return { records, error: item };
    records.push(item);
  }
  throw new Error('expected a syntax problem');
}

describe('csvRecords: physical lines', () => {
  it('names the line each record starts on, past quoted cells holding line breaks', async () => {
    const text = 'a,b\n"two\nlines",x\n\n"three\r\nmore\nlines",y\nlast,z';
    expect(await readAll(text)).toEqual([
      { line: 1, record: ['a', 'b'] },
      { line: 2, record: ['two\nlines', 'x'] },
      { line: 4, record: [''] },
      { line: 5, record: ['three\r\nmore\nlines', 'y'] },
      { line: 8, record: ['last', 'z'] },
    ]);
  });

  it('counts CRLF and CR-only files the same way, a CRLF inside a quoted cell as one line break', async () => {
    const expected = [
      { line: 1, record: ['a', 'b'] },
      { line: 2, record: ['1', 'x\r\ny'] },
      { line: 4, record: ['3', '4'] },
    ];
    expect(await readAll('a,b\r\n1,"x\r\ny"\r\n3,4\r\n')).toEqual(expected);
    expect(await readAll('a,b\r1,"x\ry"\r3,4\r')).toEqual([
      expected[0],
      { line: 2, record: ['1', 'x\ry'] },
      expected[2],
    ]);
  });

  it('takes mixed line endings, as a hand-edited file has them', async () => {
    expect(
      (await readAll('a,b\r\n1,2\n3,4\r5,6\r\n')).map((r) => [
        r.line,
        ...('record' in r ? r.record : [r.problem]),
      ]),
    ).toEqual([
      [1, 'a', 'b'],
      [2, '1', '2'],
      [3, '3', '4'],
      [4, '5', '6'],
    ]);
  });

  it('skips a byte order mark', async () => {
    expect(await readAll('\uFEFFa,b\r\n1,2\r\n')).toEqual([
      { line: 1, record: ['a', 'b'] },
      { line: 2, record: ['1', '2'] },
    ]);
  });

  it('reads the same records and lines however the stream is cut into chunks', async () => {
    const text = 'h1,h2\r\n"a\nb",c\n"d""e",f\r\n\r\n,g\n';
    const whole = await readAll(text);
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(fc.integer({ min: 1, max: text.length - 1 }), { maxLength: 8 }),
        async (cuts) => {
          const bounds = [0, ...cuts.sort((a, b) => a - b), text.length];
          const chunks = bounds.slice(1).map((end, i) => Buffer.from(text.slice(bounds[i], end)));
          expect(await readAll(Readable.from(chunks))).toEqual(whole);
        },
      ),
      { numRuns: 100 },
    );
  });
});

describe('csvRecords: malformed quoting is an error naming its line', () => {
  it('"b"c is an error, not bc, on the line of its record (after a multi-line cell)', async () => {
    const { records, error } = await readUntilError('a,b\n1,"x\ny"\n2,"b"c\n3,4\n');
    expect(records.map((r) => r.record)).toEqual([
      ['a', 'b'],
      ['1', 'x\ny'],
    ]);
    expect(error.line).toBe(4);
    expect(error.problem).toMatch(/^malformed quotes/);
  });

  it('a quote inside an unquoted cell (b"c) is an error', async () => {
    const { error } = await readUntilError('a,b\n"multi\nline",ok\n2,b"c\n');
    expect(error.line).toBe(4);
    expect(error.problem).toBe(
      'malformed quotes: a quote inside an unquoted field (quote the whole field and double the quote)',
    );
  });

  it('an unterminated quote names the line where the quoted cell opens, not the end of the file', async () => {
    const { records, error } = await readUntilError('a,b\n1,2\n3,"never closed\n4,5\n6,7\n');
    expect(records).toHaveLength(2);
    expect(error.line).toBe(3);
    expect(error.problem).toBe('unterminated quoted field');
  });
});

describe('csvRecords: the reading goes on after a malformed record', () => {
  it('gives each bad record as a problem on its line and reads on from the next line', async () => {
    const text = 'a,b\r\n2,"b"c\r\n3,4\r\n4,b"c\r\n"5\n5",x\r\n6,"never closed\r\n7,8\r\n';
    expect(await readAll(text)).toEqual([
      { line: 1, record: ['a', 'b'] },
      { line: 2, problem: expect.stringMatching(/^malformed quotes: a quoted field must end/) },
      { line: 3, record: ['3', '4'] },
      { line: 4, problem: expect.stringMatching(/^malformed quotes: a quote inside an unquoted field/) },
      { line: 5, record: ['5\n5', 'x'] },
      { line: 7, problem: 'unterminated quoted field' },
      { line: 8, record: ['7', '8'] },
    ]);
  });

  it('the same items however the stream is cut into chunks (a CRLF cut in two too)', async () => {
    const text = '\uFEFFh\r\n1,"b"c\r\n2,"x\r\ny"\r\n3,b"c\r4,5\n6,"open\r\n7,8';
    const whole = await readAll(text);
    expect(whole.map((i) => i.line)).toEqual([1, 2, 3, 5, 6, 7, 8]);
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(fc.integer({ min: 1, max: text.length - 1 }), { maxLength: 8 }),
        async (cuts) => {
          const bounds = [0, ...cuts.sort((a, b) => a - b), text.length];
          const chunks = bounds.slice(1).map((end, i) => Buffer.from(text.slice(bounds[i], end)));
          expect(await readAll(Readable.from(chunks))).toEqual(whole);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('csvText: RFC 4180 with the formula guard', () => {
  it('prefixes cells a spreadsheet would run with an apostrophe, quoting as needed (the bytes)', () => {
    const bytes = csvText([['=HYPERLINK("x")', '+1', '-1', '@x', '\tx', '\rx', 'plain', '=1+1']]);
    expect(bytes).toBe(`"'=HYPERLINK(""x"")",'+1,'-1,'@x,'\tx,"'\rx",plain,'=1+1\r\n`);
  });

  it('quotes commas, quotes and line breaks; CRLF between records; empty cells for null', () => {
    expect(csvText([['a,b', 'say "hi"', 'two\nlines', null, undefined, "'t Hooft"], ['x']])).toBe(
      `"a,b","say ""hi""","two\nlines",,,'t Hooft\r\nx\r\n`,
    );
  });

  it('reads back every cell exactly as written, formula-like, apostrophes and all', async () => {
    const cell = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 12 }),
      fc
        .tuple(
          fc.constantFrom('', "'", "''"),
          fc.constantFrom('=', '+', '-', '@', '\t', '\r', '＝', 'a', '"'),
        )
        .map(([quotes, first]) => `${quotes}${first}rest`),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(cell, { minLength: 2, maxLength: 5 }), { minLength: 1, maxLength: 5 }),
        async (rows) => {
          const read = await readAll(csvText(rows));
          expect(read.map((r) => ('record' in r ? r.record : r.problem))).toEqual(rows);
        },
      ),
      { numRuns: 300 },
    );
  });
});
