/// <reference types="fhir" />
import { z } from "zod";

// The parts of FHIR R4 (hl7.org/fhir/R4) that an effort import reads, as zod schemas: the body is untrusted,
// so it is checked, not just typed. The types of the maintained R4 definitions (@types/fhir, `fhir4`) are
// held against these schemas at the end of the file, so a field named or nested unlike R4 fails to compile.
// Unknown fields pass through untouched (FHIR resources carry many more).

// FHIR strings have no length limit; ours keep a hostile body from making huge error messages or keys.
const str = z.string().max(1000);

export const coding = z.looseObject({
  system: str.optional(),
  code: str.optional(),
  display: str.optional(),
});

export const codeableConcept = z.looseObject({
  coding: z.array(coding).max(50).optional(),
  text: str.optional(),
});

export const identifier = z.looseObject({ system: str.optional(), value: str.optional() });

export const reference = z.looseObject({
  reference: str.optional(),
  identifier: identifier.optional(),
  display: str.optional(),
});

export const period = z.looseObject({ start: str.optional(), end: str.optional() });

const resourceBase = { id: str.optional(), identifier: z.array(identifier).max(50).optional() };

export const serviceRequest = z.looseObject({
  resourceType: z.literal("ServiceRequest"),
  ...resourceBase,
  status: str,
  intent: str.optional(),
  code: codeableConcept.optional(),
  subject: reference,
  occurrencePeriod: period.optional(),
  authoredOn: str.optional(),
  performer: z.array(reference).max(50).optional(),
});

export const carePlanActivity = z.looseObject({
  detail: z
    .looseObject({
      code: codeableConcept.optional(),
      status: str,
      scheduledPeriod: period.optional(),
      performer: z.array(reference).max(50).optional(),
    })
    .optional(),
});

export const carePlan = z.looseObject({
  resourceType: z.literal("CarePlan"),
  ...resourceBase,
  status: str,
  subject: reference,
  period: period.optional(),
  author: reference.optional(),
  // A plan with thousands of activities is not a care plan; the bound keeps one resource's work small.
  activity: z.array(carePlanActivity).max(500).optional(),
});

export const episodeOfCare = z.looseObject({
  resourceType: z.literal("EpisodeOfCare"),
  ...resourceBase,
  status: str,
  type: z.array(codeableConcept).max(50).optional(),
  patient: reference,
  managingOrganization: reference.optional(),
  period: period.optional(),
});

export const patient = z.looseObject({
  resourceType: z.literal("Patient"),
  ...resourceBase,
});

export const organization = z.looseObject({
  resourceType: z.literal("Organization"),
  ...resourceBase,
  name: str.optional(),
  type: z.array(codeableConcept).max(50).optional(),
  partOf: reference.optional(),
});

export const bundleEntry = z.looseObject({ fullUrl: str.optional(), resource: z.unknown().optional() });

export const bundle = z.looseObject({
  resourceType: z.literal("Bundle"),
  type: str.optional(),
  entry: z.array(bundleEntry).optional(),
});

export type Coding = z.infer<typeof coding>;
export type CodeableConcept = z.infer<typeof codeableConcept>;
export type Identifier = z.infer<typeof identifier>;
export type Reference = z.infer<typeof reference>;
export type Period = z.infer<typeof period>;
export type ServiceRequest = z.infer<typeof serviceRequest>;
export type CarePlan = z.infer<typeof carePlan>;
export type EpisodeOfCare = z.infer<typeof episodeOfCare>;
export type Patient = z.infer<typeof patient>;
export type Organization = z.infer<typeof organization>;
export type Bundle = z.infer<typeof bundle>;

// Every well-typed R4 resource must fit the shape we read: `R4 extends Ours` fails to compile when a field
// name, nesting or cardinality here drifts from R4.
// (The schemas are loose objects, so their index signatures are dropped before the comparison.)
type Known<T> = T extends (infer U)[]
  ? Known<U>[]
  : T extends object
    ? { [K in keyof T as string extends K ? never : K]: Known<T[K]> }
    : T;
type FollowsR4<Ours, R4 extends Known<Ours>> = R4;
export type R4Conformance = [
  FollowsR4<ServiceRequest, fhir4.ServiceRequest>,
  FollowsR4<CarePlan, fhir4.CarePlan>,
  FollowsR4<EpisodeOfCare, fhir4.EpisodeOfCare>,
  FollowsR4<Patient, fhir4.Patient>,
  FollowsR4<Organization, fhir4.Organization>,
  FollowsR4<Bundle, fhir4.Bundle>,
];

/** The Swedish national identifier systems (OIDs of the Swedish Tax Agency's numbers). */
export const PERSONNUMMER_SYSTEMS: ReadonlySet<string> = new Set([
  "urn:oid:1.2.752.129.2.1.3.1", // personnummer
  "urn:oid:1.2.752.129.2.1.3.3", // samordningsnummer
]);

/** KVÅ (health-care interventions) and KSI (social-services interventions) code systems, by name or OID. */
export function codeSystemOf(system: string | undefined): "KVÅ" | "KSI" | null {
  if (system === undefined) return null;
  const s = system.toLowerCase();
  if (s.includes("kva") || s.includes("kvå") || s === "urn:oid:1.2.752.116.1.3.2.1.4") return "KVÅ";
  if (s.includes("ksi")) return "KSI";
  return null;
}
