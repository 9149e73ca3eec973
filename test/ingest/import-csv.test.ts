import { describe, expect, it } from "vitest";
import { expectOk, harnessForThisFile } from "../app/harness.ts";
import { csv, pnr, runImport } from "./helpers.ts";

const h = await harnessForThisFile();

describe("CSV import (PGlite)", () => {
  it("adds efforts, is idempotent, and ends an effort from a later file", async () => {
    const first = csv(
      `treserva;${pnr(1)};hemtjänst;kommun;Hemtjänst Norr (demo);2026-01-10;`,
      `treserva;${pnr(2)};boendestöd;kommun;;2026-02-01;`,
    );
    const a = expectOk(await runImport(h.deps, first));
    expect(a).toMatchObject({ added: 2, updated: 0, ended: 0, rejected: 0 });
    const b = expectOk(await runImport(h.deps, first));
    expect(b).toMatchObject({ added: 0, updated: 0, ended: 0, unchanged: 2, rejected: 0 });
    const later = csv(`treserva;${pnr(1)};hemtjänst;kommun;Hemtjänst Norr (demo);2026-01-10;2026-11-01`);
    const c = expectOk(await runImport(h.deps, later));
    expect(c).toMatchObject({ added: 0, ended: 1 });
    const rows = await h.db.runner.query<{ end_date: string | null }>(
      "SELECT end_date::text FROM effort WHERE source = 'treserva' AND kind = 'hemtjanst'",
    );
    expect(rows).toEqual([{ end_date: "2026-11-01" }]);
  });
});

describe("units named by an import", () => {
  it("adds a new unit to the directory once, and refuses a unit of the other principal", async () => {
    const body = csv(
      `treserva;${pnr(30)};hemtjänst;kommun;Hemtjänst Syd (test);2026-01-10;`,
      `treserva;${pnr(31)};hemtjänst;kommun;hemtjänst syd (TEST);2026-01-10;`,
      `treserva;${pnr(32)};vårdcentral;region;Hemtjänst Norr (demo);2026-01-10;`,
    );
    const r = expectOk(await runImport(h.deps, body));
    expect(r).toMatchObject({ added: 2, rejected: 1 });
    expect(r.rejections).toEqual([{ at: { line: 4 }, code: "unitOtherPrincipal" }]);
    const units = await h.db.runner.query<{ name: string; principal: string }>(
      "SELECT name, principal::text FROM unit WHERE lower(name) = 'hemtjänst syd (test)'",
    );
    expect(units).toEqual([{ name: "Hemtjänst Syd (test)", principal: "MUNICIPALITY" }]);
    const audits = await h.db.runner.query<{ detail: Record<string, unknown> }>(
      "SELECT detail FROM audit_event WHERE action = 'UNIT_CREATED' AND detail->>'name' = 'Hemtjänst Syd (test)'",
    );
    expect(audits).toHaveLength(1);
    expect(audits[0]?.detail).toMatchObject({ source: "treserva" });
  });

  it("refuses a source name that is not one, and the bot's own", async () => {
    const body = csv(`chat;${pnr(33)};hemtjänst;kommun;;2026-01-10;`);
    const own = await runImport(h.deps, body, { source: null });
    expect(own.ok ? "ok" : own.reason).toBe("badSource");
    const odd = await runImport(h.deps, body, { source: "../../etc" });
    expect(odd.ok ? "ok" : odd.reason).toBe("badSource");
  });
});
