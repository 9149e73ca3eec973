// What the CSV and FHIR properties share: generated efforts (valid by construction) with the effort each
// must become, and the checks every import item must pass whatever the input was.
import assert from "node:assert/strict";
import fc from "fast-check";
import type { RecordLocation, SourceItem } from "../../../src/app/import-ports.ts";
import { isLocalDate } from "../../../src/domain/local-date.ts";
import { parseSwedishId } from "../../../src/domain/personnummer.ts";
import type { Principal } from "../../../src/domain/principal.ts";
import { DEFAULT_EFFORT_KINDS, EffortTaxonomy } from "../../../src/domain/taxonomy.ts";
import type { MappingContext } from "../../../src/ingest/effort-mapping.ts";
import { mappingContext } from "../../../src/ingest/sources.ts";
import { calendarDay, daysOfIso, isoOfDays, swedishId } from "./arbitraries.ts";

export const NOW_DAY = "2026-11-23";
const NOW = new Date("2026-11-23T11:00:00Z");
const taxonomy = new EffortTaxonomy();

export function ctx(): MappingContext {
  return mappingContext(taxonomy, new Map([["KVÅ:ZZ999", "psykiatrisk-oppenvard"]]), NOW);
}

export interface GeneratedEffort {
  source: string;
  personText: string;
  personId: string;
  effortText: string;
  kind: string;
  principalText: string;
  principal: Principal;
  unitText: string;
  start: string;
  end: string | null;
  effortId: string;
}

const PRINCIPAL_WORDS: [string, Principal][] = [
  ["kommun", "MUNICIPALITY"],
  ["Kommunen", "MUNICIPALITY"],
  ["municipality", "MUNICIPALITY"],
  ["REGION", "REGION"],
  ["regionen", "REGION"],
  ["landsting", "REGION"],
  ["övrig", "OTHER"],
  ["Other", "OTHER"],
];

// Letters Windows-1252 can hold, plus the characters that force quoting.
const unitChar = fc.constantFrom(
  ..."abcdefghijklmnopqrstuvwxyzåäöÅÄÖéüABCXYZ0123456789 -;,\"'.&/()".split(""),
);

export const effortArbitrary: fc.Arbitrary<GeneratedEffort> = fc
  .record({
    kind: fc.constantFrom(...DEFAULT_EFFORT_KINDS),
    name: fc.nat(),
    upper: fc.boolean(),
    principal: fc.option(fc.constantFrom(...PRINCIPAL_WORDS)),
    person: swedishId(NOW_DAY),
    unit: fc.string({ unit: unitChar, maxLength: 40 }),
    start: calendarDay,
    length: fc.option(fc.integer({ min: 0, max: 3000 })),
    source: fc.constantFrom("", "treserva", "Cosmic", "lifecare"),
    effortId: fc.constantFrom("", "A-1", "1234", "ins/77"),
  })
  .map((g): GeneratedEffort => {
    const names = [g.kind.sv, g.kind.en, g.kind.code, ...g.kind.synonyms];
    const name = names[g.name % names.length] ?? g.kind.sv;
    // A kind whose principal varies between regions needs the file to say it.
    const principal = g.principal ?? (g.kind.varies ? (PRINCIPAL_WORDS[g.name % 2] ?? null) : null);
    return {
      source: g.source,
      personText: g.person.text,
      personId: g.person.normalized,
      effortText: g.upper ? name.toUpperCase() : name,
      kind: g.kind.code,
      principalText: principal?.[0] ?? "",
      principal: principal?.[1] ?? g.kind.principal,
      unitText: g.unit,
      start: g.start,
      end: g.length === null ? null : isoOfDays(daysOfIso(g.start) + g.length),
      effortId: g.effortId,
    };
  });

export function expectedEffort(e: GeneratedEffort, at: RecordLocation, unit = e.unitText.trim()) {
  return {
    at,
    source: e.source === "" ? null : e.source,
    externalId: e.effortId === "" ? null : e.effortId,
    personId: e.personId,
    kind: e.kind,
    principal: e.principal,
    unitName: unit === "" ? null : unit,
    startDate: e.start,
    endDate: e.end,
  };
}

export function sameEfforts(
  items: readonly SourceItem[],
  efforts: readonly GeneratedEffort[],
  at: (index: number) => RecordLocation,
): void {
  assert.deepStrictEqual(
    items,
    efforts.map((e, i) => ({ ok: true, effort: expectedEffort(e, at(i)) })),
  );
}

const CODES = new Set([
  "missingIdentifier",
  "invalidIdentifier",
  "missingEffort",
  "unknownEffort",
  "unknownPrincipal",
  "principalVaries",
  "badDate",
  "missingStartDate",
  "endBeforeStart",
  "endedWithoutEndDate",
  "unitTooLong",
  "wrongColumnCount",
  "unclosedQuote",
  "strayQuote",
  "recordTooLong",
  "unreadableRecord",
  "invalidResource",
  "unsupportedResourceType",
  "missingResourceType",
  "missingResourceId",
  "unsupportedStatus",
  "noActivities",
  "activityWithoutDetail",
]);

/** Whatever went in: each item is a sound effort or a rejection with a known code. */
export function checkItems(items: readonly SourceItem[]): void {
  for (const item of items) {
    if (!item.ok) {
      assert.ok(CODES.has(item.rejection.code), `unknown code ${item.rejection.code}`);
      continue;
    }
    const e = item.effort;
    assert.equal(parseSwedishId(e.personId, NOW)?.normalized, e.personId);
    assert.ok(taxonomy.byCode(e.kind) !== undefined);
    assert.ok(isLocalDate(e.startDate));
    if (e.endDate !== null) assert.ok(isLocalDate(e.endDate) && e.endDate >= e.startDate);
    assert.ok(e.unitName === null || (e.unitName.length > 0 && e.unitName.length <= 120));
  }
}
