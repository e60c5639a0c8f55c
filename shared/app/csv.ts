import { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { CsvError, type Options, parse } from 'csv-parse';
import { stringify } from 'csv-stringify/sync';

/** One CSV record and the physical line of the file it starts on (a quoted cell may hold line breaks). */
export interface CsvRecord {
  line: number;
  record: string[];
}

/** A record whose quoting cannot be read, on the physical line it starts on. */
export interface CsvSyntaxProblem {
  line: number;
  problem: string;
}

/** What a spreadsheet runs as a formula: csv-stringify's `escape_formulas` set, full-width forms included. */
const FORMULA_START = '=+\\-@\\t\\r\\uFF1D\\uFF0B\\uFF0D\\uFF20';
/** A cell the export guarded with a leading `'`, or one that was already apostrophes then a formula start. */
const GUARDED = new RegExp(`^'+[${FORMULA_START}]`);

const LINE_BREAK = /\r\n|\r|\n/g;
const FIRST_LINE_BREAK = /\r\n|\r|\n/;

/** What csv-parse hands on_record with `raw: true` (its types do not say so). */
interface RawRecord {
  raw: string;
  record: string[];
}

/**
 * Reads RFC 4180 CSV (csv-parse) as records with their physical line, without holding the file:
 * a stream in, an async iterator out. A BOM is skipped; rows may have any number of cells (the
 * caller says what it expects). A cell that the export guarded (`'=…`, see csvText) is given
 * back without its `'`. Malformed quoting (`"b"c`, `b"c`, a quote never closed) is given as a
 * problem on the line its record starts on, and the reading goes on from the next physical line
 * with a fresh parser: csv-parse's `skip_records_with_error` does not do that for a quoted cell
 * (after `"b"c` it stays inside the quotes to the end of the file), and every row after a bad one
 * must still be checked.
 */
export async function* csvRecords(input: string | Readable): AsyncGenerator<CsvRecord | CsvSyntaxProblem> {
  const source = typeof input === 'string' ? Readable.from([input]) : input;
  const decoder = new StringDecoder('utf8');
  let line = 1;
  /** The text given to the parser after its last whole record: where a bad record starts. */
  let pending = '';
  let consumed = 0;
  let ready: CsvRecord[] = [];
  const annotate = ({ raw, record }: RawRecord): undefined => {
    ready.push({ line, record: record.map(unguardFormula) });
    line += raw.match(LINE_BREAK)?.length ?? 0;
    // The raw text holds a record delimiter's first character only: a CRLF's LF is skipped.
    consumed += raw.length;
    if (raw.endsWith('\r') && pending[consumed] === '\n') consumed += 1;
    // Handed over here, not through the stream: the reader below pulls the file at its own pace.
    return undefined;
  };
  const newParser = () => {
    const parser = parse({
      // Any line ending, mixed too (csv-parse otherwise keeps the first one it meets as the only one).
      record_delimiter: ['\r\n', '\n', '\r'],
      raw: true,
      relax_column_count: true,
      // Lines are counted from each record's raw text: csv-parse's info.lines counts a CRLF inside a
      // quoted cell as two lines. (Its types say on_record maps string[]; with raw: true it gets a RawRecord.)
      on_record: annotate as unknown as Options['on_record'],
    });
    // The error reaches the write's or the end's callback below.
    parser.on('error', () => {});
    return parser;
  };
  let parser = newParser();
  /** Gives text to the parser (synchronously parsed: its records land in `ready`); a quoting error is returned. */
  const feed = async (text: string, end: boolean): Promise<CsvSyntaxProblem | undefined> => {
    pending += text;
    try {
      if (text) await settled((done) => parser.write(text, done));
      if (end) await settled((done) => parser.end(done));
      return undefined;
    } catch (error) {
      if (error instanceof CsvError) return { line, problem: syntaxProblem(error) };
      throw error;
    } finally {
      pending = pending.slice(consumed);
      consumed = 0;
    }
  };
  /** Drops the bad record's first physical line from `pending`; false while that line is not all read. */
  const skipBadLine = (end: boolean): boolean => {
    const found = FIRST_LINE_BREAK.exec(pending);
    // A CR last in the text may be the first half of a CRLF.
    if (!found || (!end && found[0] === '\r' && found.index === pending.length - 1)) {
      if (!end) return false;
      pending = '';
      return true;
    }
    pending = pending.slice(found.index + found[0].length);
    line += 1;
    return true;
  };
  let skipping = false;
  let first = true;
  async function* take(text: string, end: boolean): AsyncGenerator<CsvRecord | CsvSyntaxProblem> {
    if (skipping) {
      pending += text;
      if (!skipBadLine(end)) return;
      skipping = false;
      text = pending;
      pending = '';
    }
    for (;;) {
      const problem = await feed(text, end);
      yield* ready;
      ready = [];
      if (!problem) return;
      yield problem;
      parser.destroy();
      parser = newParser();
      if (!skipBadLine(end)) {
        skipping = true;
        return;
      }
      text = pending;
      pending = '';
    }
  }
  try {
    for await (const chunk of source) {
      let text = typeof chunk === 'string' ? chunk : decoder.write(chunk);
      if (first && text) {
        first = false;
        if (text.startsWith('\uFEFF')) text = text.slice(1);
      }
      yield* take(text, false);
    }
    yield* take(decoder.end(), true);
  } finally {
    parser.destroy();
    if (source !== input) source.destroy();
  }
}

/** A stream call with a completion callback, as a promise. */
function settled(call: (done: (error?: Error | null) => void) => void): Promise<void> {
  return new Promise((resolve, reject) => call((error) => (error ? reject(error) : resolve())));
}

function syntaxProblem(error: CsvError): string {
  switch (error.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return 'unterminated quoted field';
    case 'CSV_INVALID_CLOSING_QUOTE':
      return 'malformed quotes: a quoted field must end at its closing quote (write "" for a quote inside it)';
    case 'INVALID_OPENING_QUOTE':
      return 'malformed quotes: a quote inside an unquoted field (quote the whole field and double the quote)';
    default:
      return error.message;
  }
}

/** The inverse of the export's formula guard: `'=x` → `=x`, `''=x` → `'=x`; `'t Hooft` stays. */
export function unguardFormula(cell: string): string {
  return GUARDED.test(cell) ? cell.slice(1) : cell;
}

/**
 * Writes rows as RFC 4180 CSV (csv-stringify: CRLF, quotes only where needed). A cell a
 * spreadsheet would run as a formula (starting with = + - @ tab CR) gets a leading `'`, so it
 * opens as text; a cell of apostrophes then such a character gets one more, so that csvRecords
 * gives every cell back exactly.
 */
export function csvText(rows: (string | null | undefined)[][]): string {
  return stringify(rows, {
    record_delimiter: 'windows',
    // With record_delimiter set, csv-stringify stops quoting a cell's bare \n or \r unless told.
    quote_record_delimiter: true,
    escape_formulas: true,
    cast: { string: (value) => (GUARDED.test(value) ? `'${value}` : value) },
  });
}
