// CSV exports: generated efforts written with ; or , quoting, Swedish or English headers in any order,
// UTF-8 (with or without BOM) or Windows-1252, cut into chunks anywhere, read back as the same efforts;
// a broken row is rejected with its own code and the rest still read; arbitrary bytes never crash.
import assert from "node:assert/strict";
import fc from "fast-check";
import iconv from "iconv-lite";
import { ImportFormatError, type SourceItem } from "../../../src/app/import-ports.ts";
import { readCsv } from "../../../src/ingest/csv-source.ts";
import { rejectionText } from "../../../src/ingest/import-texts.ts";
import { calendarDay, swedishId, withWrongCheckDigit } from "./arbitraries.ts";
import {
  checkItems,
  ctx,
  effortArbitrary,
  type GeneratedEffort,
  NOW_DAY,
  sameEfforts,
} from "./ingest-shared.ts";
import { type PropertySpec, spec } from "./property-spec.ts";

const COLUMNS = ["source", "person", "effort", "principal", "unit", "start", "end", "effortId"] as const;
type Column = (typeof COLUMNS)[number];
const HEADERS: Record<Column, [string, string]> = {
  source: ["källsystem", "source_system"],
  person: ["personnummer", "person_id"],
  effort: ["insats", "effort"],
  principal: ["huvudman", "principal"],
  unit: ["enhet", "unit"],
  start: ["startdatum", "start_date"],
  end: ["slut", "End Date"],
  effortId: ["insats_id", "external_id"],
};

interface Layout {
  order: Column[];
  english: boolean;
  delimiter: ";" | ",";
  quoteAll: boolean;
  newline: "\n" | "\r\n";
  encoding: "utf8" | "utf8bom" | "win1252";
}

const layout: fc.Arbitrary<Layout> = fc.record({
  order: fc.shuffledSubarray([...COLUMNS], { minLength: COLUMNS.length }),
  english: fc.boolean(),
  delimiter: fc.constantFrom(";", ","),
  quoteAll: fc.boolean(),
  newline: fc.constantFrom("\n", "\r\n"),
  encoding: fc.constantFrom("utf8", "utf8bom", "win1252"),
});

function field(value: string, l: Layout): string {
  const needs =
    value.includes(l.delimiter) || value.includes('"') || value.includes("\n") || value.trim() !== value;
  return l.quoteAll || needs ? `"${value.replace(/"/g, '""')}"` : value;
}

function cells(e: GeneratedEffort): Record<Column, string> {
  return {
    source: e.source,
    person: e.personText,
    effort: e.effortText,
    principal: e.principalText,
    unit: e.unitText,
    start: e.start,
    end: e.end ?? "",
    effortId: e.effortId,
  };
}

function fileText(l: Layout, rows: readonly Record<Column, string>[]): string {
  const header = l.order.map((c) => HEADERS[c][l.english ? 1 : 0]).join(l.delimiter);
  return (
    [header, ...rows.map((r) => l.order.map((c) => field(r[c], l)).join(l.delimiter))].join(l.newline) +
    l.newline
  );
}

function encode(text: string, l: Layout): Buffer {
  if (l.encoding === "win1252") return iconv.encode(text, "win1252");
  const body = Buffer.from(text, "utf8");
  return l.encoding === "utf8bom" ? Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), body]) : body;
}

function chunked(bytes: Buffer, cuts: readonly number[]): Buffer[] {
  const at = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const out: Buffer[] = [];
  let from = 0;
  for (const c of [...at, bytes.length]) {
    if (c > from) out.push(bytes.subarray(from, c));
    from = Math.max(from, c);
  }
  return out;
}

export async function readAll(
  chunks: Iterable<Uint8Array> | AsyncIterable<Uint8Array>,
): Promise<SourceItem[]> {
  const out: SourceItem[] = [];
  for await (const item of readCsv(chunks, ctx())) out.push(item);
  return out;
}

const roundTrip = spec("csv", "generated efforts written as CSV read back as the same efforts", 600, () =>
  fc.asyncProperty(
    layout,
    fc.array(effortArbitrary, { minLength: 1, maxLength: 8 }),
    fc.array(fc.nat(), { maxLength: 6 }),
    async (l, efforts, cuts) => {
      const text = fileText(l, efforts.map(cells));
      // Windows-1252 cannot write every character; such a file would be written as UTF-8 by its exporter.
      fc.pre(l.encoding !== "win1252" || iconv.decode(iconv.encode(text, "win1252"), "win1252") === text);
      const items = await readAll(chunked(encode(text, l), cuts));
      sameEfforts(items, efforts, (i) => ({ line: i + 2 }));
    },
  ),
);

type Breakage =
  "checkDigit" | "badDate" | "unknownEffort" | "extraColumn" | "unknownPrincipal" | "endBeforeStart";
const EXPECTED: Record<Breakage, string> = {
  checkDigit: "invalidIdentifier",
  badDate: "badDate",
  unknownEffort: "unknownEffort",
  extraColumn: "wrongColumnCount",
  unknownPrincipal: "unknownPrincipal",
  endBeforeStart: "endBeforeStart",
};

const oneBadRow = spec(
  "csv",
  "one broken row is rejected with its code; the other rows still read",
  500,
  () =>
    fc.asyncProperty(
      layout,
      fc.array(effortArbitrary, { minLength: 2, maxLength: 6 }),
      fc.nat(),
      fc.constantFrom<Breakage>(
        "checkDigit",
        "badDate",
        "unknownEffort",
        "extraColumn",
        "unknownPrincipal",
        "endBeforeStart",
      ),
      async (l, efforts, pick, breakage) => {
        const bad = pick % efforts.length;
        const rows = efforts.map(cells);
        const row = rows[bad];
        if (row === undefined) return;
        if (breakage === "checkDigit") row.person = withWrongCheckDigit(row.person, pick);
        if (breakage === "badDate") row.start = "2026-02-30";
        if (breakage === "unknownEffort") row.effort = "Trädgårdsskötsel X9";
        if (breakage === "unknownPrincipal") row.principal = "landstingskansliet";
        if (breakage === "endBeforeStart") row.end = "1999-12-31";
        let text = fileText(l, rows);
        if (breakage === "extraColumn") {
          const lines = text.split(l.newline);
          lines[bad + 1] = `${lines[bad + 1] ?? ""}${l.delimiter}extra`;
          text = lines.join(l.newline);
        }
        fc.pre(l.encoding !== "win1252" || iconv.decode(iconv.encode(text, "win1252"), "win1252") === text);
        const items = await readAll([encode(text, l)]);
        assert.equal(items.length, efforts.length);
        const rejected = items[bad];
        assert.ok(rejected !== undefined && !rejected.ok, JSON.stringify(rejected));
        assert.equal(rejected.rejection.code, EXPECTED[breakage]);
        assert.deepStrictEqual(rejected.rejection.at, { line: bad + 2 });
        sameEfforts(
          items.filter((_, i) => i !== bad),
          efforts.filter((_, i) => i !== bad),
          (i) => ({ line: (i >= bad ? i + 1 : i) + 2 }),
        );
      },
    ),
);

const HEADER_LINE = "källsystem;personnummer;insats;huvudman;enhet;start;slut\n";
const anyBytes = fc.oneof(
  fc.uint8Array({ maxLength: 3000 }),
  fc
    .array(
      fc.constantFrom('"', ";", ",", "\n", "\r", "\u0000", "å", "\u00e5", "2026-01-01", "hemtjänst", "x"),
      { maxLength: 300 },
    )
    .map((ps) => Buffer.from(ps.join(""), "latin1")),
);

const garbage = spec("csv", "arbitrary bytes never crash: rows are read or rejected with a code", 400, () =>
  fc.asyncProperty(
    anyBytes,
    fc.boolean(),
    fc.array(fc.nat(), { maxLength: 5 }),
    async (bytes, withHeader, cuts) => {
      const body = withHeader ? Buffer.concat([Buffer.from(HEADER_LINE), bytes]) : Buffer.from(bytes);
      let items: SourceItem[];
      try {
        items = await readAll(chunked(body, cuts));
      } catch (e) {
        // Only a file without a usable header row may fail as a whole, and only with a typed error.
        assert.ok(e instanceof ImportFormatError, String(e));
        assert.equal(withHeader, false);
        return;
      }
      checkItems(items);
    },
  ),
);

// csv-parse abandons the rest of its chunk after such a record, so the reader stops there and says so,
// rather than lose a chunk-dependent number of rows without a word.
const hugeRecord = spec(
  "csv",
  "a record past the size cap is refused, not buffered; rows before it are kept",
  20,
  () =>
    fc.asyncProperty(
      fc.integer({ min: 64 * 1024 + 1, max: 200_000 }),
      swedishId(NOW_DAY),
      calendarDay,
      fc.array(fc.nat(), { maxLength: 4 }),
      async (size, id, day, cuts) => {
        const row = `x;${id.text};Hemtjänst;;;${day};\n`;
        const body = `${HEADER_LINE}${row}x;"${"å".repeat(size)}";Hemtjänst;;;${day};\n${row}${row}`;
        const items = await readAll(chunked(Buffer.from(body), cuts));
        checkItems(items);
        // Both, in either order: csv-parse reports a skipped record before the rows it has buffered.
        assert.equal(items.length, 2, JSON.stringify(items));
        const kept = items.find((i) => i.ok);
        assert.ok(kept?.ok === true && kept.effort.personId === id.normalized);
        assert.deepStrictEqual(kept.effort.at, { line: 2 });
        const refused = items.find((i) => !i.ok);
        assert.ok(refused !== undefined && !refused.ok && refused.rejection.code === "recordTooLong");
        assert.match(rejectionText(refused.rejection, "sv"), /resten av filen lästes inte/);
      },
    ),
);

export const csvProperties: PropertySpec[] = [roundTrip, oneBadRow, garbage, hugeRecord];
