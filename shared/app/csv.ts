/** RFC 4180 CSV: quoted fields, doubled quotes, commas and newlines inside quotes, CRLF or LF. */
export function parseCsv(text: string): { rows: string[][]; error?: string } {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let i = 0;
  const input = text.replace(/^\uFEFF/, '');
  while (i < input.length) {
    const c = input[i]!;
    if (quoted) {
      if (c === '"') {
        if (input[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
      } else {
        field += c;
      }
      i++;
      continue;
    }
    if (c === '"' && field === '') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      if (c === '\r' && input[i + 1] === '\n') i++;
    } else field += c;
    i++;
  }
  if (quoted) return { rows, error: `line ${rows.length + 1}: unterminated quoted field` };
  if (field !== '' || row.length) {
    row.push(field);
    rows.push(row);
  }
  return { rows };
}

function quote(value: string): string {
  return /[",\r\n]/.test(value) || /^[=+\-@]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** Writes rows as CSV; cells starting with = + - @ are quoted (spreadsheet formula injection). */
export function toCsv(rows: (string | null | undefined)[][]): string {
  return `${rows.map((row) => row.map((cell) => quote(cell ?? '')).join(',')).join('\r\n')}\r\n`;
}
