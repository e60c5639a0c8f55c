import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { CSV_COLUMNS } from '../../shared/domain/import-row';

/** Row `i` of a generated import file: LIB-A/LIB-B alternately, every employee type, all valid. */
export function importCsvRow(i: number): string {
  const types = ['permanent', 'temporary', 'student', 'intern', 'volunteer'] as const;
  const type = types[i % 5]!;
  const end =
    type === 'permanent'
      ? ''
      : `2028-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')}`;
  const lib = i % 2 ? 'b' : 'a';
  const supervisor = type === 'permanent' ? '' : `boss@lib-${lib}.example`;
  return `"Person ${i}, Jr",user${i}@lib-${lib}.example,personal,${type},${supervisor},LIB-${lib.toUpperCase()},${end},"prêt, ""retours"""`;
}

/** Writes an import file of `rows` generated rows (streamed: a 100,000-row file is not held). */
export async function writeImportCsv(file: string, rows: number, row = importCsvRow): Promise<void> {
  const out = createWriteStream(file);
  out.write(`${CSV_COLUMNS.join(',')}\n`);
  for (let i = 0; i < rows; i++) {
    if (!out.write(`${row(i)}\n`)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}
