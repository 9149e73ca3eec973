// The CSV reader on its own (no database): quoting, column counts, dates, byte-order marks, Windows-1252,
// both separators, and a 100 MB file streamed from disk without being held in memory.
import { once } from "node:events";
import { createWriteStream } from "node:fs";
import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import iconv from "iconv-lite";
import { afterAll, describe, expect, it } from "vitest";
import { type Rejection, type SourceItem, ImportFormatError } from "../../src/app/import-ports.ts";
import { EffortTaxonomy } from "../../src/domain/taxonomy.ts";
import { readCsv } from "../../src/ingest/csv-source.ts";
import { importText, rejectionText } from "../../src/ingest/import-texts.ts";
import { fileContent, mappingContext } from "../../src/ingest/sources.ts";
import { csv, HEADER, pnr } from "./helpers.ts";

const ctx = mappingContext(
  new EffortTaxonomy(),
  new Map([["KVÅ:ZZ999", "psykiatrisk-oppenvard"]]),
  new Date("2026-11-23T09:00:00Z"),
);

async function items(input: string | Buffer | Buffer[]): Promise<SourceItem[]> {
  const chunks = Array.isArray(input) ? input : [typeof input === "string" ? Buffer.from(input) : input];
  const out: SourceItem[] = [];
  for await (const item of readCsv(chunks, ctx)) out.push(item);
  return out;
}

function rejections(list: SourceItem[]): Rejection[] {
  return list.flatMap((i) => (i.ok ? [] : [i.rejection]));
}

/** A rejection as an operator reads it, in Swedish or English. */
function texts(list: SourceItem[], lang: "sv" | "en"): string[] {
  return rejections(list).map((r) => rejectionText(r, lang));
}

const temp = await mkdtemp(join(tmpdir(), "sip-ingest-"));
afterAll(() => rm(temp, { recursive: true, force: true }));

describe("CSV rows", () => {
  it("reads good rows, with or without principal, unit and end", async () => {
    const list = await items(
      csv(
        `treserva;${pnr(1)};Hemtjänst;kommun;Hemtjänst Norr;2026-01-10;2026-12-31`,
        `treserva;${pnr(2)};VC;;;2026-02-01;`,
      ),
    );
    expect(list).toEqual([
      {
        ok: true,
        effort: {
          at: { line: 2 },
          source: "treserva",
          externalId: null,
          personId: pnr(1),
          kind: "hemtjanst",
          principal: "MUNICIPALITY",
          unitName: "Hemtjänst Norr",
          startDate: "2026-01-10",
          endDate: "2026-12-31",
        },
      },
      expect.objectContaining({
        ok: true,
        effort: expect.objectContaining({ kind: "primarvard", principal: "REGION", unitName: null }),
      }),
    ]);
  });

  it("reports bad rows by line and reason, never echoing the identifier, and keeps the good ones", async () => {
    const bad = "19130301-0000";
    const list = await items(
      [
        HEADER,
        `treserva;${bad};hemtjänst;kommun;;2026-01-10;`,
        `treserva;${pnr(3)};trollkonst;kommun;;2026-01-10;`,
        `treserva;${pnr(3)};hemtjänst;kommun;;2026-02-30;`,
        `treserva;${pnr(3)};hemtjänst;kommun;;10/1/2026;`,
        `treserva;${pnr(3)};hemtjänst;kommun;;2026-03-01;2026-02-01`,
        `treserva;${pnr(3)};hemtjänst;kommunen;`,
        `treserva;${pnr(3)};hemtjänst;landstinget;;2026-03-01;`,
        `treserva;${pnr(3)};hemsjukvård;;;2026-03-01;`,
        `treserva;${pnr(4)};hemtjänst;kommun;;2026-03-01;`,
      ].join("\r\n"),
    );
    expect(rejections(list)).toEqual([
      { at: { line: 2 }, code: "invalidIdentifier" },
      { at: { line: 3 }, code: "unknownEffort", params: { value: '"trollkonst"' } },
      { at: { line: 4 }, code: "badDate", params: { field: "start", value: '"2026-02-30"' } },
      { at: { line: 5 }, code: "badDate", params: { field: "start", value: '"10/1/2026"' } },
      { at: { line: 6 }, code: "endBeforeStart", params: { start: "2026-03-01", end: "2026-02-01" } },
      { at: { line: 7 }, code: "wrongColumnCount", params: { expected: 7, found: 5 } },
      { at: { line: 8 }, code: "unknownPrincipal", params: { value: '"landstinget"' } },
      { at: { line: 9 }, code: "principalVaries", params: { kind: "hemsjukvard" } },
    ]);
    expect(texts(list, "en")).toEqual([
      "line 2: the person identifier is not a valid personnummer or samordningsnummer",
      'line 3: unknown effort "trollkonst"',
      'line 4: the start date "2026-02-30" is not a date (YYYY-MM-DD)',
      'line 5: the start date "10/1/2026" is not a date (YYYY-MM-DD)',
      "line 6: the end date 2026-02-01 is before the start date 2026-03-01",
      "line 7: expected 7 columns, found 5",
      'line 8: unknown principal "landstinget" (kommun, region or övrig)',
      'line 9: the principal is missing, and for "hemsjukvard" it differs between regions',
    ]);
    expect(texts(list, "sv")).toEqual([
      "rad 2: personidentiteten är inte ett giltigt personnummer eller samordningsnummer",
      'rad 3: okänd insats "trollkonst"',
      'rad 4: startdatumet "2026-02-30" är inte ett datum (ÅÅÅÅ-MM-DD)',
      'rad 5: startdatumet "10/1/2026" är inte ett datum (ÅÅÅÅ-MM-DD)',
      "rad 6: slutdatumet 2026-02-01 är före startdatumet 2026-03-01",
      "rad 7: 7 kolumner väntades, raden har 5",
      'rad 8: okänd huvudman "landstinget" (kommun, region eller övrig)',
      'rad 9: huvudman saknas, och för "hemsjukvard" skiljer den sig mellan regioner',
    ]);
    expect(list.filter((i) => i.ok)).toHaveLength(1);
    expect(JSON.stringify(list)).not.toContain(bad);
    expect([...texts(list, "sv"), ...texts(list, "en")].join("\n")).not.toContain(bad);
  });

  it("handles quoting: separators and quotes in quoted fields; stray quotes keep the rows after them", async () => {
    const list = await items(
      [
        HEADER,
        `treserva;${pnr(5)};"hemtjänst";kommun;"Hemtjänst ""Norr""; Väst";2026-01-10;`,
        `treserva;${pnr(6)};hem"tjänst;kommun;;2026-01-10;`,
        `treserva;${pnr(7)};"hemtjänst"x;kommun;;2026-01-10;`,
        `treserva;${pnr(8)};hemtjänst;kommun;;2026-01-10;`,
      ].join("\n"),
    );
    const good = list.flatMap((i) => (i.ok ? [i.effort] : []));
    expect(good.map((e) => e.unitName)).toEqual(['Hemtjänst "Norr"; Väst', null]);
    expect(rejections(list).map((r) => r.at)).toEqual([{ line: 3 }, { line: 4 }]);
    for (const r of rejections(list)) expect(r.code).toBe("unknownEffort");
  });

  it("reports an unclosed quote at the end without losing the rows before it", async () => {
    const list = await items(
      csv(
        `treserva;${pnr(9)};hemtjänst;kommun;;2026-01-10;`,
        `treserva;${pnr(10)};"hemtjänst;kommun;;2026-01-10;`,
      ),
    );
    expect(list.filter((i) => i.ok)).toHaveLength(1);
    expect(rejections(list)).toEqual([{ at: { line: expect.any(Number) }, code: "unclosedQuote" }]);
    expect(texts(list, "sv")).toEqual([
      expect.stringMatching(/^rad \d+: ett fält inom citattecken avslutas aldrig$/),
    ]);
  });

  it("reads a comma-separated file with English headers in another order, and a UTF-8 BOM", async () => {
    const text = `\uFEFFstart,effort,person_id,source,principal\n2026-04-01,"home care, extra",${pnr(11)},cosmic,municipality\n2026-04-01,home care,${pnr(11)},cosmic,municipality\n`;
    const list = await items(text);
    expect(rejections(list)).toEqual([
      { at: { line: 2 }, code: "unknownEffort", params: { value: '"home care, extra"' } },
    ]);
    expect(list[1]).toMatchObject({
      ok: true,
      effort: { kind: "hemtjanst", source: "cosmic", startDate: "2026-04-01" },
    });
  });

  it("decodes Windows-1252 exports, even when the first non-ASCII byte comes late or splits a chunk", async () => {
    const rows = Array.from(
      { length: 50 },
      (_, i) => `treserva;${pnr(20 + i)};boendestod;kommun;;2026-01-10;`,
    );
    const text = [
      HEADER,
      ...rows,
      `treserva;${pnr(99)};Särskilt boende;kommun;Åby äldreboende;2026-01-10;`,
    ].join("\n");
    const win = iconv.encode(text, "win1252");
    const list = await items([win.subarray(0, 1000), win.subarray(1000)]);
    expect(rejections(list)).toEqual([]);
    expect(list.at(-1)).toMatchObject({
      ok: true,
      effort: { kind: "sarskilt-boende", unitName: "Åby äldreboende" },
    });
    // The same text in UTF-8, cut in the middle of "ä" (two bytes), reads the same.
    const utf = Buffer.from(text, "utf8");
    const cut = utf.indexOf(Buffer.from("ä", "utf8")) + 1;
    const again = await items([utf.subarray(0, cut), utf.subarray(cut)]);
    expect(again.at(-1)).toEqual(list.at(-1));
  });

  it("maps KVÅ/KSI codes through the region's code map", async () => {
    const list = await items(
      csv(
        `cosmic;${pnr(12)};KVÅ:ZZ999;region;;2026-01-10;`,
        `cosmic;${pnr(12)};KVÅ:ZZ000;region;;2026-01-10;`,
      ),
    );
    expect(list[0]).toMatchObject({ ok: true, effort: { kind: "psykiatrisk-oppenvard" } });
    expect(rejections(list)).toEqual([
      { at: { line: 3 }, code: "unknownEffort", params: { value: '"KVÅ:ZZ000"' } },
    ]);
  });

  it("refuses a file without the required columns, or an empty one, as a whole", async () => {
    await expect(items("namn;adress\nAnna;Gatan 1\n")).rejects.toThrow(ImportFormatError);
    const missing = await items("namn;adress\n").catch((e: unknown) => e);
    expect(missing).toMatchObject({
      code: "missingColumns",
      params: { columns: "personnummer, insats, start", found: '"namn", "adress"' },
    });
    const e = missing as ImportFormatError;
    expect(importText(e.code, e.params, "sv")).toBe(
      'rubrikraden saknar kolumnerna personnummer, insats, start (hittade: "namn", "adress")',
    );
    expect(importText(e.code, e.params, "en")).toBe(
      'the header row lacks the column(s) personnummer, insats, start (found: "namn", "adress")',
    );
    await expect(items("")).rejects.toMatchObject({ code: "emptyFile" });
  });

  it("refuses a record longer than 64 KB instead of buffering it", async () => {
    const list = await items(
      csv(
        `treserva;${pnr(13)};hemtjänst;kommun;${"x".repeat(70_000)};2026-01-10;`,
        `treserva;${pnr(14)};hemtjänst;kommun;;2026-01-10;`,
      ),
    );
    expect(rejections(list)[0]).toMatchObject({ code: "recordTooLong", params: { max: 65536 } });
    expect(texts(list, "en")[0]).toMatch(/longer than 65536/);
  });
});

describe("a 100 MB file", () => {
  it("is streamed from disk with memory bounded far below its size", async () => {
    const path = join(temp, "big.csv");
    const out = createWriteStream(path);
    // A free-text column the import ignores makes rows long, as real exports' notes do (fewer rows to parse).
    out.write(`${HEADER};kommentar\n`);
    const unit = `Hemtjänst ${"Norra distriktet ".repeat(5)}`;
    const note = `"${'Anteckning; med citat ""så här"" och radbrytning\n'.repeat(16)}"`;
    let written = 0;
    let rows = 0;
    while (written < 100 * 1024 * 1024) {
      const line = `treserva;${pnr(rows % 27_000)};hemtjänst;kommun;${unit};2026-01-10;;${note}\n`;
      written += line.length;
      rows++;
      if (!out.write(line)) await once(out, "drain");
    }
    out.end();
    await once(out, "finish");
    expect((await stat(path)).size).toBeGreaterThanOrEqual(100 * 1024 * 1024);

    global.gc?.();
    const before = process.memoryUsage().heapUsed;
    let peak = 0;
    let ok = 0;
    const { content } = await fileContent(path, "CSV", ctx);
    // Quoted notes span lines, so the line count is only an upper bound of the rows.
    expect(content.total).toBeGreaterThanOrEqual(rows);
    for await (const item of content.items) {
      if (item.ok) ok++;
      if (ok % 20_000 === 0) peak = Math.max(peak, process.memoryUsage().heapUsed - before);
    }
    expect(ok).toBe(rows);
    // Holding the file would take well over 100 MB of heap; streaming stays around a few chunks.
    expect(peak).toBeLessThan(64 * 1024 * 1024);
  }, 240_000);
});
