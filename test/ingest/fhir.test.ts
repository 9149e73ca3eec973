// FHIR R4 Bundles: the mapping of ServiceRequest, CarePlan activities and EpisodeOfCare to efforts, invalid
// resources reported and skipped, and the import on both stores.
import { readFile } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ImportFormatError, type SourceItem } from "../../src/app/import-ports.ts";
import { EffortTaxonomy } from "../../src/domain/taxonomy.ts";
import { bundleItems, fhirDate, parseBundle } from "../../src/ingest/fhir-source.ts";
import { importText, rejectionJson, rejectionText } from "../../src/ingest/import-texts.ts";
import { mappingContext } from "../../src/ingest/sources.ts";
import { expectOk } from "../app/harness.ts";
import { luhnCheckDigit } from "../helpers/test-personnummer.ts";
import { BACKENDS, type IngestHarness } from "./backends.ts";
import { pnr, runImport } from "./helpers.ts";

const CODES = new Map([["KVÅ:ZZ999", "psykiatrisk-oppenvard"]]);
const ctx = mappingContext(new EffortTaxonomy(), CODES, new Date("2026-11-23T09:00:00Z"));

// A generated samordningsnummer: born 1 March 1913, day + 60.
const SAMO = `19130361234${luhnCheckDigit("130361234")}`;

async function fixture(name: string, person = pnr(400)): Promise<string> {
  const text = await readFile(new URL(`./fixtures/${name}`, import.meta.url), "utf8");
  return text.replaceAll("PNR_A", person).replaceAll("SAMO_B", SAMO);
}

function mapped(text: string): SourceItem[] {
  return [...bundleItems(parseBundle(text), ctx)];
}

describe("FHIR mapping", () => {
  it("maps each resource kind, with the principal from the performing organisation", async () => {
    const items = mapped(await fixture("bundle-valid.json"));
    const efforts = items.flatMap((i) => (i.ok ? [i.effort] : []));
    expect(items.filter((i) => !i.ok)).toEqual([]);
    expect(efforts).toEqual([
      expect.objectContaining({
        externalId: "ServiceRequest/sr-1",
        kind: "psykiatrisk-oppenvard",
        principal: "REGION", // from partOf: Region Testlän
        unitName: "Psykiatrisk öppenvård (demo)",
        startDate: "2026-09-01",
        endDate: null,
      }),
      expect.objectContaining({
        externalId: "CarePlan/cp-1#activity-0",
        kind: "hemtjanst",
        principal: "MUNICIPALITY", // from the organisation's type
        startDate: "2026-10-01",
      }),
      expect.objectContaining({
        externalId: "CarePlan/cp-1#activity-1",
        kind: "boendestod",
        endDate: "2026-06-30",
      }),
      expect.objectContaining({
        externalId: "EpisodeOfCare/eoc-1",
        personId: SAMO,
        kind: "somatisk-slutenvard",
        principal: "REGION", // no organisation in the Bundle: the taxonomy's principal
        unitName: null,
        endDate: "2026-11-20",
      }),
    ]);
  });

  it("reports invalid resources by index and id, with the reason, and never the identifier", async () => {
    const text = await fixture("bundle-invalid.json");
    const items = mapped(text);
    expect(items.filter((i) => i.ok)).toEqual([]);
    const rejections = items.flatMap((i) => (i.ok ? [] : [i.rejection]));
    expect(rejections.map((r) => r.code)).toEqual([
      "unsupportedResourceType",
      "missingIdentifier",
      "missingResourceId",
      "unknownEffort",
      "unsupportedStatus",
      "badDate",
      "missingIdentifier",
      "invalidResource",
      "missingResourceType",
    ]);
    expect(rejections.map((r) => rejectionText(r, "en"))).toEqual([
      'resource 0 (Observation/obs-1): resourceType "Observation" is not imported (ServiceRequest, CarePlan, EpisodeOfCare)',
      "resource 1 (ServiceRequest/no-person-id): the personnummer or samordningsnummer is missing",
      "resource 2: the resource has neither an id nor an identifier",
      'resource 3 (ServiceRequest/unknown-code): unknown effort "http://snomed.info/sct 12345678", "KVÅ QQ111"',
      'resource 4 (ServiceRequest/bad-status): status "entered-in-error" is not imported',
      'resource 5 (ServiceRequest/partial-date): the start date "2026-01" is not a date (YYYY-MM-DD)',
      "resource 6 (ServiceRequest/wrong-system): the personnummer or samordningsnummer is missing",
      "resource 7 (CarePlan/cp-bad): not a valid CarePlan: wrong subject",
      "resource 8: the entry has no resource with a resourceType",
    ]);
    expect(rejections.map((r) => rejectionText(r, "sv"))).toEqual([
      'resurs 0 (Observation/obs-1): resourceType "Observation" importeras inte (ServiceRequest, CarePlan, EpisodeOfCare)',
      "resurs 1 (ServiceRequest/no-person-id): personnummer eller samordningsnummer saknas",
      "resurs 2: resursen har varken id eller identifier",
      'resurs 3 (ServiceRequest/unknown-code): okänd insats "http://snomed.info/sct 12345678", "KVÅ QQ111"',
      'resurs 4 (ServiceRequest/bad-status): status "entered-in-error" importeras inte',
      'resurs 5 (ServiceRequest/partial-date): startdatumet "2026-01" är inte ett datum (ÅÅÅÅ-MM-DD)',
      "resurs 6 (ServiceRequest/wrong-system): personnummer eller samordningsnummer saknas",
      "resurs 7 (CarePlan/cp-bad): ingen giltig CarePlan: fel i subject",
      "resurs 8: posten har ingen resurs med resourceType",
    ]);
    const second = rejections[1];
    expect(second && rejectionJson(second)).toEqual({
      resource: 1,
      ref: "ServiceRequest/no-person-id",
      code: "missingIdentifier",
      message: {
        sv: "personnummer eller samordningsnummer saknas",
        en: "the personnummer or samordningsnummer is missing",
      },
    });
    expect(JSON.stringify(items)).not.toContain(pnr(400));
    const worded = rejections.flatMap((r) => [rejectionText(r, "sv"), rejectionText(r, "en")]);
    expect(worded.join("\n")).not.toContain(pnr(400));
  });

  it("refuses what is not a Bundle, or not JSON, as a whole", () => {
    const thrown = (text: string): ImportFormatError => {
      try {
        parseBundle(text);
      } catch (e) {
        if (e instanceof ImportFormatError) return e;
        throw e;
      }
      throw new Error("parsed");
    };
    const patient = thrown('{"resourceType":"Patient","id":"x"}');
    expect(patient).toMatchObject({ code: "wrongResourceType", params: { type: '"Patient"' } });
    expect(importText(patient.code, patient.params, "sv")).toBe(
      'en FHIR Bundle väntades, fick resourceType "Patient"',
    );
    expect(thrown("{not json")).toMatchObject({ code: "notJson" });
    expect(thrown('{"resourceType":"Bundle","entry":"many"}')).toMatchObject({
      code: "notBundle",
      params: { fields: "entry" },
    });
    expect(() => parseBundle("[]")).toThrow(ImportFormatError);
  });

  it("reads FHIR dates as Stockholm calendar dates", () => {
    expect(fhirDate("2026-03-28T23:30:00Z")).toBe("2026-03-29"); // 00:30 in Stockholm
    expect(fhirDate("2026-02-29")).toBeNull();
    expect(fhirDate("2026-03-28T23:30:00")).toBeNull(); // a time needs a zone
  });
});

describe.each(BACKENDS)("FHIR import on $name", ({ available, open }) => {
  let h: IngestHarness;
  beforeAll(async () => {
    if (available) h = await open();
  });
  afterAll(async () => {
    if (available) await h.close();
  });

  it.skipIf(!available)(
    "imports a Bundle idempotently and suggests a SIP for the person with both principals",
    async () => {
      const text = await fixture("bundle-valid.json", pnr(401));
      const first = expectOk(
        await runImport(h.deps, text, { format: "FHIR", source: "cosmic", codes: CODES }),
      );
      expect(first).toMatchObject({ added: 4, rejected: 0, suggested: 1 });
      const again = expectOk(
        await runImport(h.deps, text, { format: "FHIR", source: "cosmic", codes: CODES }),
      );
      expect(again).toMatchObject({ added: 0, unchanged: 4, suggested: 0 });
      const invalid = await runImport(h.deps, await fixture("bundle-invalid.json"), {
        format: "FHIR",
        source: "cosmic",
      });
      expect(expectOk(invalid)).toMatchObject({ added: 0, rejected: 9 });
      const notBundle = await runImport(h.deps, '{"resourceType":"Patient"}', {
        format: "FHIR",
        source: "cosmic",
      });
      expect(notBundle).toMatchObject({
        ok: false,
        reason: "badFormat",
        detail: { code: "wrongResourceType", type: '"Patient"' },
      });
    },
  );
});
