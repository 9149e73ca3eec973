// A crash in the middle of an import leaves whole batches and nothing half-written; importing the same content
// again resumes after the last committed batch and ends with the same data as an uninterrupted run.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importEfforts } from "../../src/app/import.ts";
import type { SourceItem } from "../../src/app/import-ports.ts";
import { EffortTaxonomy } from "../../src/domain/taxonomy.ts";
import { readCsv } from "../../src/ingest/csv-source.ts";
import { mappingContext } from "../../src/ingest/sources.ts";
import { expectOk } from "../app/harness.ts";
import { BACKENDS, type IngestHarness } from "./backends.ts";
import { csv, pnr } from "./helpers.ts";

const ctx = mappingContext(new EffortTaxonomy(), new Map(), new Date("2026-11-23T09:00:00Z"));
const ROWS = Array.from({ length: 45 }, (_, i) =>
  i === 7
    ? `treserva;${pnr(600 + i)};okänd insats;kommun;;2026-01-10;`
    : `treserva;${pnr(600 + i)};hemtjänst;kommun;;2026-01-10;`,
);
const CONTENT = csv(...ROWS);

/** The CSV's items, with the process "crashing" (an exception) when item number `crashAt` is read. */
async function* crashing(crashAt: number): AsyncGenerator<SourceItem> {
  let n = 0;
  for await (const item of readCsv([Buffer.from(CONTENT)], ctx)) {
    if (++n === crashAt) throw new Error("power cut");
    yield item;
  }
}

describe.each(BACKENDS)("resuming an interrupted import on $name", ({ available, open }) => {
  let h: IngestHarness;
  beforeAll(async () => {
    if (available) h = await open();
  });
  afterAll(async () => {
    if (available) await h.close();
  });
  const efforts = async () =>
    (
      await h.db.runner.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM effort WHERE source = 'treserva'",
      )
    )[0]?.n;

  it.skipIf(!available)("keeps whole batches after a crash and resumes after them", async () => {
    const request = (items: AsyncIterable<SourceItem>) =>
      importEfforts(h.deps, {
        source: "treserva",
        format: "CSV",
        contentHash: "same-content",
        actor: { kind: "operator", name: "test" },
        content: { items, total: 45 },
        batchSize: 10,
      });
    await expect(request(crashing(26))).rejects.toThrow("power cut");
    // Batches of 10 records: records 1-20 committed (one of them rejected), 21-25 lost with the crash.
    expect(await efforts()).toBe(19);
    const runs = await h.db.runner.query<{
      status: string;
      position: number;
      added: number;
      rejected: number;
    }>("SELECT status, position, added, rejected FROM import_run");
    expect(runs).toEqual([{ status: "FAILED", position: 20, added: 19, rejected: 1 }]);

    const resumed = expectOk(await request(readCsv([Buffer.from(CONTENT)], ctx)));
    expect(resumed).toMatchObject({ resumedAfter: 20, added: 44, rejected: 1, unchanged: 0 });
    expect(await efforts()).toBe(44);
    const audit = await h.db.runner.query<{ action: string }>(
      "SELECT action FROM audit_event WHERE action LIKE 'IMPORT_%' ORDER BY id",
    );
    expect(audit.map((a) => a.action)).toEqual([
      "IMPORT_STARTED",
      "IMPORT_FAILED",
      "IMPORT_STARTED",
      "IMPORT_COMPLETED",
    ]);
    // A completed run is not resumed: the same content again is a new run that finds everything unchanged.
    const again = expectOk(await request(readCsv([Buffer.from(CONTENT)], ctx)));
    expect(again).toMatchObject({ resumedAfter: 0, added: 0, unchanged: 44, rejected: 1 });
  });

  it.skipIf(!available)(
    "audits the import with its counts and who ran it, and no identifier anywhere",
    async () => {
      const rows = await h.db.runner.query<{ detail: Record<string, unknown> }>(
        "SELECT detail FROM audit_event WHERE action = 'IMPORT_COMPLETED' ORDER BY id DESC LIMIT 1",
      );
      expect(rows[0]?.detail).toMatchObject({
        source: "treserva",
        by: "operator:test",
        unchanged: 44,
        rejected: 1,
      });
      const dump = JSON.stringify(await h.db.runner.query("SELECT * FROM audit_event"));
      const runs = JSON.stringify(await h.db.runner.query("SELECT * FROM import_run"));
      const persons = JSON.stringify(await h.db.runner.query("SELECT * FROM person"));
      for (const i of [0, 7, 44]) {
        const id = pnr(600 + i);
        for (const text of [dump, runs, persons]) {
          expect(text).not.toContain(id);
          expect(text).not.toContain(id.slice(2));
        }
      }
    },
  );
});
