import { describe, expect, it } from 'vitest';
import { csvCell, toCsv } from '../../../adapters/http/csv.js';

describe('CSV (RFC 4180)', () => {
  it('leaves plain cells alone and writes null as an empty cell', () => {
    expect(csvCell('acme')).toBe('acme');
    expect(csvCell(42)).toBe('42');
    expect(csvCell(2.5)).toBe('2.5');
    expect(csvCell(false)).toBe('false');
    expect(csvCell(null)).toBe('');
    expect(csvCell(undefined)).toBe('');
  });

  it('quotes a cell holding a comma, a quote or a line break, doubling quotes', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell('cr\rhere')).toBe('"cr\rhere"');
  });

  it('joins lists with |, quoting the result when it needs it', () => {
    expect(csvCell(['SKU-1', 'SKU-2'])).toBe('SKU-1|SKU-2');
    expect(csvCell([])).toBe('');
    expect(csvCell(['a,b', 'c'])).toBe('"a,b|c"');
  });

  it('writes a header line of the field names, then one CRLF-ended line per row in field order', () => {
    const csv = toCsv(
      ['id', 'name', 'tags'],
      [
        { name: 'Acme, Inc', id: 'a', tags: ['x', 'y'] },
        { id: 'b', name: null, tags: [], extra: 'ignored' },
      ],
    );
    expect(csv).toBe('id,name,tags\r\na,"Acme, Inc",x|y\r\nb,,\r\n');
    expect(toCsv(['id'], [])).toBe('id\r\n');
  });
});
