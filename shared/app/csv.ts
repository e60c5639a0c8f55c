import { on } from 'node:events';
import { Readable } from 'node:stream';
import { CsvError, type Options, parse } from 'csv-parse';
import { stringify } from 'csv-stringify/sync';
import { CsvSyntaxError } from '../errors';

/** One CSV record and the physical line of the file it starts on (a quoted cell may hold line breaks). */
export interface CsvRecord {
  line: number;
  record: string[];
}

/** What a spreadsheet runs as a formula: csv-stringify's `escape_formulas` set, full-width forms included. */
const FORMULA_START = '=+\\-@\\t\\r\\uFF1D\\uFF0B\\uFF0D\\uFF20';
/** A cell the export guarded with a leading `'`, or one that was already apostrophes then a formula start. */
const GUARDED = new RegExp(`^'+[${FORMULA_START}]`);

const LINE_BREAK = /\r\n|\r|\n/g;

/** What csv-parse hands on_record with `raw: true` (its types do not say so). */
interface RawRecord {
  raw: string;
  record: string[];
}

/**
 * Reads RFC 4180 CSV (csv-parse) as records with their physical line, without holding the file:
 * a stream in, an async iterator out. A BOM is skipped; rows may have any number of cells (the
 * caller says what it expects). A cell that the export guarded (`'=…`, see csvText) is given
 * back without its `'`. Malformed quoting (`"b"c`, `b"c`, a quote never closed) ends the reading
 * with a CsvSyntaxError naming the line its record starts on; the records before it come first.
 */
export async function* csvRecords(input: string | Readable): AsyncGenerator<CsvRecord> {
  const source = typeof input === 'string' ? Readable.from([input]) : input;
  let line = 1;
  const annotate = ({ raw, record }: RawRecord): CsvRecord => {
    const start = line;
    line += raw.match(LINE_BREAK)?.length ?? 0;
    return { line: start, record: record.map(unguardFormula) };
  };
  const parser = parse({
    bom: true,
    // Any line ending, mixed too (csv-parse otherwise keeps the first one it meets as the only one).
    record_delimiter: ['\r\n', '\n', '\r'],
    raw: true,
    relax_column_count: true,
    // Lines are counted from each record's raw text: csv-parse's info.lines counts a CRLF inside a
    // quoted cell as two lines. (Its types say on_record maps string[]; with raw: true it gets a RawRecord.)
    on_record: annotate as unknown as Options['on_record'],
  });
  source.on('error', (error) => parser.destroy(error));
  source.pipe(parser);
  try {
    // events.on hands over every record parsed before an error, then the error (a stream's own
    // iterator drops what it buffered); the high-water mark pauses the parser for a slow reader.
    for await (const [record] of on(parser, 'data', { close: ['end'], highWaterMark: 1000 })) {
      yield record as CsvRecord;
    }
  } catch (error) {
    if (error instanceof CsvError) throw new CsvSyntaxError(line, syntaxProblem(error), { cause: error });
    throw error;
  } finally {
    parser.destroy();
    if (source !== input) source.destroy();
  }
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
