// docs/read-models.md tells analysts what each read-model table holds. Its column lists are
// made from the projections' own definitions: this test fails when they differ, showing the
// text to put there (or, with KARE_WRITE_DOCS=1, writes it), so the page cannot drift.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECTIONS } from '../../projections/index.js';
import type { ColumnType, Projection } from '../../projections/projection.js';

const PAGE = join(import.meta.dirname, '../../docs/read-models.md');
const BEGIN =
  '<!-- columns:begin (generated from projections/: see test/adapters/read-models-doc.spec.ts) -->';
const END = '<!-- columns:end -->';

const POSTGRES_TYPES: Readonly<Record<ColumnType, string>> = {
  TEXT: 'text',
  INTEGER: 'bigint',
  REAL: 'double precision',
};

const cell = (text: string): string => text.replaceAll('|', '\\|').replaceAll('\n', ' ');

const sectionOf = (projection: Projection): string[] =>
  Object.values(projection.collections)
    .filter((collection) => collection.internal !== true)
    .flatMap((collection) => [
      `### \`${collection.table}\``,
      '',
      `Kept by the projection \`${projection.name}\` (version ${projection.version}); the live build's table is ` +
        `\`${collection.table}__v${projection.version}\` (\`_<n>\` appended after a forced rebuild). ` +
        `Indexed: ${
          collection.indexes.length === 0
            ? 'the key only'
            : collection.indexes.map((index) => `(${index.map((c) => `\`${c}\``).join(', ')})`).join(', ')
        }.`,
      '',
      '| column | SQLite | PostgreSQL | meaning |',
      '|---|---|---|---|',
      `| \`${collection.key}\` | TEXT | text | The row's key (primary key). |`,
      ...collection.columns.map(
        (column) =>
          `| \`${column.name}\` | ${column.type} | ${POSTGRES_TYPES[column.type]} | ${cell(column.description)} |`,
      ),
      '| `doc` | TEXT | json | The whole document as the projection keeps it (JSON). |',
      '',
    ]);

/** Markdown as Prettier may lay it out: table cells padded, rules widened. */
const normalized = (markdown: string): string =>
  markdown
    .split('\n')
    .map((line) =>
      line.startsWith('|') ? line.replace(/\s*\|\s*/g, '|').replace(/\|-+(?=\|)/g, '|---') : line,
    )
    .join('\n');

const generated = (): string => [BEGIN, '', ...PROJECTIONS.flatMap(sectionOf), END].join('\n');

describe('docs/read-models.md', () => {
  it('lists every column of every served table as the projections define it', () => {
    const page = readFileSync(PAGE, 'utf8');
    const start = page.indexOf(BEGIN);
    const end = page.indexOf(END);
    expect(start, 'the page has the generated section markers').toBeGreaterThanOrEqual(0);
    expect(end).toBeGreaterThan(start);
    const wanted = generated();
    if (process.env['KARE_WRITE_DOCS'] === '1')
      writeFileSync(PAGE, page.slice(0, start) + wanted + page.slice(end + END.length));
    else expect(normalized(page.slice(start, end + END.length))).toBe(normalized(wanted));
  });
});
