// FHIR R4 Bundles: generated ServiceRequests, CarePlans and EpisodesOfCare read back as the efforts they
// describe; arbitrary JSON and mutated Bundles are refused with a reason (a typed error for the whole
// body, a rejection code per resource), never an exception.
import assert from "node:assert/strict";
import fc from "fast-check";
import { ImportFormatError, type SourceItem } from "../../../src/app/import-ports.ts";
import { bundleItems, parseBundle } from "../../../src/ingest/fhir-source.ts";
import { hostileText } from "./arbitraries.ts";
import { checkItems, ctx, effortArbitrary, expectedEffort, type GeneratedEffort } from "./ingest-shared.ts";
import { type PropertySpec, spec } from "./property-spec.ts";

const PNR_SYSTEM = "urn:oid:1.2.752.129.2.1.3.1";

interface Shape {
  type: "ServiceRequest" | "CarePlan" | "EpisodeOfCare";
  viaPatient: boolean;
  byCode: boolean;
  withOrg: boolean;
  startAsDateTime: boolean;
}

const shape: fc.Arbitrary<Shape> = fc.record({
  type: fc.constantFrom("ServiceRequest", "CarePlan", "EpisodeOfCare"),
  viaPatient: fc.boolean(),
  byCode: fc.boolean(),
  withOrg: fc.boolean(),
  startAsDateTime: fc.boolean(),
});

// Organisation names that say their principal, as real ones do.
function orgName(e: GeneratedEffort, i: number): string {
  const unit = e.unitText.replace(/\b(region|kommun)\b/giu, "").trim() || `Enhet ${i}`;
  return e.principal === "REGION"
    ? `Region Skåne, ${unit}`
    : e.principal === "MUNICIPALITY"
      ? `${unit}, Lunds kommun`
      : unit;
}

/** The resources for one effort, and where and under which id the effort must come out. */
function resources(e: GeneratedEffort, s: Shape, i: number) {
  const id = `r${i}`;
  const extra: object[] = [];
  const subject = s.viaPatient
    ? { reference: `Patient/p${i}` }
    : { identifier: { system: PNR_SYSTEM, value: e.personText } };
  if (s.viaPatient)
    extra.push({
      resourceType: "Patient",
      id: `p${i}`,
      identifier: [
        { system: "urn:other", value: "x" },
        { system: PNR_SYSTEM, value: e.personText },
      ],
    });
  // An OTHER principal can only be said by an organisation's type; a kind whose principal varies needs one.
  const withOrg = s.withOrg || e.principalText !== "";
  const name = orgName(e, i);
  if (withOrg)
    extra.push({
      resourceType: "Organization",
      id: `o${i}`,
      name,
      ...(e.principal === "OTHER" && { type: [{ text: "övrig" }] }),
    });
  const performer = withOrg ? { reference: `Organization/o${i}` } : undefined;
  const code = s.byCode ? { coding: [{ system: "urn:sip:effort", code: e.kind }] } : { text: e.effortText };
  const start = s.startAsDateTime ? `${e.start}T12:00:00+01:00` : e.start;
  const period = { start, ...(e.end !== null && { end: e.end }) };
  const status = e.end === null ? "active" : "completed";
  const resource =
    s.type === "ServiceRequest"
      ? {
          resourceType: "ServiceRequest",
          id,
          status,
          intent: "order",
          code,
          subject,
          occurrencePeriod: period,
          ...(performer && { performer: [performer] }),
        }
      : s.type === "EpisodeOfCare"
        ? {
            resourceType: "EpisodeOfCare",
            id,
            status: e.end === null ? "active" : "finished",
            type: [code],
            patient: subject,
            period,
            ...(performer && { managingOrganization: performer }),
          }
        : {
            resourceType: "CarePlan",
            id,
            status: "active",
            intent: "plan",
            subject,
            activity: [
              {
                detail: {
                  status: e.end === null ? "in-progress" : "completed",
                  code,
                  scheduledPeriod: period,
                  ...(performer && { performer: [performer] }),
                },
              },
            ],
          };
  const at =
    s.type === "CarePlan"
      ? { resource: 0, ref: `CarePlan/${id}`, activity: 0 }
      : { resource: 0, ref: `${s.type}/${id}` };
  const externalId = s.type === "CarePlan" ? `CarePlan/${id}#activity-0` : `${s.type}/${id}`;
  return { resource, extra, at, externalId, unit: withOrg ? name : "" };
}

function bundleOf(efforts: readonly GeneratedEffort[], shapes: readonly Shape[]) {
  const entry: object[] = [];
  const expected: unknown[] = [];
  efforts.forEach((e, i) => {
    const s = shapes[i % shapes.length] as Shape;
    const r = resources(e, s, i);
    for (const x of r.extra) entry.push({ fullUrl: `urn:uuid:${i}-${entry.length}`, resource: x });
    const position = entry.length;
    entry.push({ resource: r.resource });
    expected.push({
      ok: true,
      effort: {
        ...expectedEffort(e, { ...r.at, resource: position }, r.unit),
        source: null,
        externalId: r.externalId,
      },
    });
  });
  return { bundle: { resourceType: "Bundle", type: "collection", entry }, expected };
}

const roundTrip = spec("fhir", "generated Bundles read back as the efforts they describe", 1500, () =>
  fc.property(
    fc.array(effortArbitrary, { minLength: 1, maxLength: 6 }),
    fc.array(shape, { minLength: 1, maxLength: 6 }),
    (efforts, shapes) => {
      const { bundle, expected } = bundleOf(efforts, shapes);
      const items = [...bundleItems(parseBundle(JSON.stringify(bundle)), ctx())];
      assert.deepStrictEqual(items, expected);
    },
  ),
);

/** Parses and reads a body; only a typed error for the whole body may escape. */
function readBody(text: string): SourceItem[] | ImportFormatError {
  let entries: unknown[];
  try {
    entries = parseBundle(text);
  } catch (e) {
    assert.ok(e instanceof ImportFormatError, String(e));
    assert.ok(typeof e.code === "string" && e.code.length > 0);
    return e;
  }
  const items = [...bundleItems(entries, ctx())];
  checkItems(items);
  return items;
}

const anyJson = spec("fhir", "arbitrary JSON and text are refused with a reason, never thrown", 3000, () =>
  fc.property(
    fc.oneof(
      fc.json({ maxDepth: 4 }),
      hostileText(300),
      fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify({ resourceType: "Bundle", entry: v })),
      fc
        .array(fc.jsonValue({ maxDepth: 3 }), { maxLength: 5 })
        .map((v) => JSON.stringify({ resourceType: "Bundle", entry: v.map((resource) => ({ resource })) })),
    ),
    (text) => {
      readBody(text);
    },
  ),
);

/** Every path in a JSON value, so a mutation can hit any field at any depth. */
function paths(
  v: unknown,
  at: (string | number)[] = [],
  out: (string | number)[][] = [],
): (string | number)[][] {
  out.push(at);
  if (Array.isArray(v)) v.forEach((x, i) => paths(x, [...at, i], out));
  else if (v !== null && typeof v === "object")
    for (const [k, x] of Object.entries(v)) paths(x, [...at, k], out);
  return out;
}

function mutate(root: unknown, path: readonly (string | number)[], value: unknown, remove: boolean): unknown {
  if (path.length === 0) return value;
  const [head, ...rest] = path;
  if (Array.isArray(root)) {
    const copy = [...root];
    if (remove && rest.length === 0) copy.splice(Number(head), 1);
    else copy[Number(head)] = mutate(copy[Number(head)], rest, value, remove);
    return copy;
  }
  const copy = { ...(root as Record<string, unknown>) };
  if (remove && rest.length === 0) delete copy[String(head)];
  else copy[String(head)] = mutate(copy[String(head)], rest, value, remove);
  return copy;
}

const mutated = spec("fhir", "mutated Bundles are read or rejected per resource, never thrown", 2000, () =>
  fc.property(
    fc.array(effortArbitrary, { minLength: 1, maxLength: 4 }),
    fc.array(shape, { minLength: 1, maxLength: 4 }),
    fc.array(fc.tuple(fc.nat(), fc.jsonValue({ maxDepth: 2 }), fc.boolean()), { minLength: 1, maxLength: 4 }),
    (efforts, shapes, mutations) => {
      let doc: unknown = bundleOf(efforts, shapes).bundle;
      for (const [pick, value, remove] of mutations) {
        const all = paths(doc);
        doc = mutate(doc, all[pick % all.length] ?? [], value, remove);
      }
      const out = readBody(JSON.stringify(doc) ?? "null");
      if (Array.isArray(out)) assert.ok(out.length >= 0);
    },
  ),
);

const lengthCap = spec(
  "fhir",
  "a field past the 1000-character cap rejects its resource, not the Bundle",
  300,
  () =>
    fc.property(
      fc.array(effortArbitrary, { minLength: 2, maxLength: 3 }),
      shape,
      fc.integer({ min: 990, max: 1010 }),
      (efforts, s, length) => {
        const { bundle, expected } = bundleOf(efforts, [s]);
        const last = bundle.entry.at(-1) as { resource: { id: string } };
        last.resource.id = "x".repeat(length);
        const items = [...bundleItems(parseBundle(JSON.stringify(bundle)), ctx())];
        assert.deepStrictEqual(items.slice(0, -1), expected.slice(0, -1));
        const item = items.at(-1);
        if (length > 1000)
          assert.ok(item !== undefined && !item.ok && item.rejection.code === "invalidResource");
        else assert.ok(item?.ok === true);
      },
    ),
);

export const fhirProperties: PropertySpec[] = [roundTrip, anyJson, mutated, lengthCap];
