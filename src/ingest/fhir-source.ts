import type { z } from "zod";
import { isLocalDate, type LocalDate, stockholmDate } from "../domain/local-date.ts";
import type { Principal } from "../domain/principal.ts";
import type { EffortKind } from "../domain/taxonomy.ts";
import {
  ImportFormatError,
  type RecordLocation,
  type RejectionCode,
  type SourceItem,
  type TextParams,
} from "../app/import-ports.ts";
import {
  checkPeriod,
  checkPersonId,
  checkUnit,
  type Checked,
  echo,
  kindFromCode,
  kindFromName,
  type MappingContext,
  principalFromWord,
  resolvePrincipal,
} from "./effort-mapping.ts";
import {
  bundle,
  carePlan,
  codeSystemOf,
  type CodeableConcept,
  episodeOfCare,
  organization,
  type Organization,
  patient,
  type Patient,
  PERSONNUMMER_SYSTEMS,
  type Period,
  type Reference,
  serviceRequest,
} from "./fhir-r4.ts";

// FHIR R4 Bundles of ServiceRequest, CarePlan (each activity an effort) and EpisodeOfCare. The person is
// found by a Swedish personnummer/samordningsnummer identifier, on the reference itself or on a Patient in
// the Bundle; the principal by the performing organisation (its type, its name, or the organisation it is
// part of); the effort by its codes (taxonomy codes, mapped KVÅ/KSI codes) or, failing that, its text.

type Item = SourceItem;

interface BundleIndex {
  patients: Map<string, Patient>;
  organizations: Map<string, Organization>;
}

// Statuses that say the effort is under way or done; anything else (draft, entered-in-error, unknown) is not
// an effort the person gets, and is reported.
const ONGOING = new Set([
  "active",
  "on-hold",
  "planned",
  "waitlist",
  "onhold",
  "not-started",
  "scheduled",
  "in-progress",
]);
const DONE = new Set(["completed", "revoked", "finished", "cancelled", "stopped"]);

export function parseBundle(text: string): unknown[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    // The parser's message is English and quotes the body, so it is not passed on.
    throw new ImportFormatError("notJson");
  }
  const parsed = bundle.safeParse(json);
  if (!parsed.success) {
    const type = (json as { resourceType?: unknown } | null)?.resourceType;
    throw typeof type === "string" && type !== "Bundle"
      ? new ImportFormatError("wrongResourceType", { type: echo(type) })
      : new ImportFormatError("notBundle", { fields: issues(parsed.error) });
  }
  return (parsed.data.entry ?? []).map((e) => ({ fullUrl: e.fullUrl, resource: e.resource }));
}

// The paths of the first few problems ("subject", "entry"): zod's messages are English, and paths say enough.
function issues(error: z.ZodError): string {
  const paths = error.issues.slice(0, 3).map((i) => i.path.join(".").slice(0, 80) || "(root)");
  return [...new Set(paths)].join(", ");
}

function indexBundle(entries: readonly unknown[]): BundleIndex {
  const index: BundleIndex = { patients: new Map(), organizations: new Map() };
  for (const entry of entries) {
    const { fullUrl, resource } = entry as { fullUrl?: string; resource?: unknown };
    const p = patient.safeParse(resource);
    if (p.success) for (const key of keys(fullUrl, "Patient", p.data.id)) index.patients.set(key, p.data);
    const o = organization.safeParse(resource);
    if (o.success)
      for (const key of keys(fullUrl, "Organization", o.data.id)) index.organizations.set(key, o.data);
  }
  return index;
}

function keys(fullUrl: string | undefined, type: string, id: string | undefined): string[] {
  return [...(fullUrl ? [fullUrl] : []), ...(id ? [`${type}/${id}`] : [])];
}

/** Source items from the entries of a Bundle; Patient and Organization entries are context, not efforts. */
export function* bundleItems(entries: readonly unknown[], ctx: MappingContext): Generator<Item> {
  const index = indexBundle(entries);
  for (let i = 0; i < entries.length; i++) {
    const resource = (entries[i] as { resource?: unknown }).resource;
    const type = (resource as { resourceType?: unknown } | null)?.resourceType;
    const id = (resource as { id?: unknown } | null)?.id;
    const at: RecordLocation =
      typeof type === "string" && typeof id === "string"
        ? { resource: i, ref: `${type.slice(0, 40)}/${id.slice(0, 64)}` }
        : { resource: i };
    const reject = (code: RejectionCode, params?: TextParams): Item => rejectAt(at, code, params);
    switch (type) {
      case "Patient":
      case "Organization":
        continue;
      case "ServiceRequest": {
        const r = serviceRequest.safeParse(resource);
        if (!r.success) {
          yield reject("invalidResource", { type: "ServiceRequest", fields: issues(r.error) });
          continue;
        }
        const sr = r.data;
        const period = sr.occurrencePeriod ?? (sr.authoredOn ? { start: sr.authoredOn } : undefined);
        yield effortItem(ctx, index, at, {
          externalId: resourceKey("ServiceRequest", sr.id, sr.identifier),
          person: sr.subject,
          status: sr.status,
          codes: sr.code ? [sr.code] : [],
          performer: sr.performer?.[0],
          period,
        });
        continue;
      }
      case "CarePlan": {
        const r = carePlan.safeParse(resource);
        if (!r.success) {
          yield reject("invalidResource", { type: "CarePlan", fields: issues(r.error) });
          continue;
        }
        const plan = r.data;
        const key = resourceKey("CarePlan", plan.id, plan.identifier);
        const activities = plan.activity ?? [];
        if (activities.length === 0) yield reject("noActivities");
        for (let a = 0; a < activities.length; a++) {
          const detail = activities[a]?.detail;
          if (detail === undefined) {
            yield rejectAt({ ...at, activity: a }, "activityWithoutDetail");
            continue;
          }
          yield effortItem(
            ctx,
            index,
            { ...at, activity: a },
            {
              externalId: key === null ? null : `${key}#activity-${a}`,
              person: plan.subject,
              status: detail.status,
              codes: detail.code ? [detail.code] : [],
              performer: detail.performer?.[0] ?? plan.author,
              period: detail.scheduledPeriod ?? plan.period,
            },
          );
        }
        continue;
      }
      case "EpisodeOfCare": {
        const r = episodeOfCare.safeParse(resource);
        if (!r.success) {
          yield reject("invalidResource", { type: "EpisodeOfCare", fields: issues(r.error) });
          continue;
        }
        const ep = r.data;
        yield effortItem(ctx, index, at, {
          externalId: resourceKey("EpisodeOfCare", ep.id, ep.identifier),
          person: ep.patient,
          status: ep.status,
          codes: ep.type ?? [],
          performer: ep.managingOrganization,
          period: ep.period,
        });
        continue;
      }
      default:
        yield typeof type === "string"
          ? reject("unsupportedResourceType", { type: echo(type) })
          : reject("missingResourceType");
    }
  }
}

interface EffortFacts {
  externalId: string | null;
  person: Reference;
  status: string;
  codes: readonly CodeableConcept[];
  performer: Reference | undefined;
  period: Period | undefined;
}

function rejectAt(at: RecordLocation, code: RejectionCode, params?: TextParams): Item {
  return { ok: false, rejection: { at, code, ...(params !== undefined && { params }) } };
}

function effortItem(ctx: MappingContext, index: BundleIndex, at: RecordLocation, f: EffortFacts): Item {
  const reject = (code: RejectionCode, params?: TextParams): Item => rejectAt(at, code, params);
  const failed = (c: { code: RejectionCode; params?: TextParams }): Item => reject(c.code, c.params);
  if (f.externalId === null) return reject("missingResourceId");
  const ongoing = ONGOING.has(f.status);
  if (!ongoing && !DONE.has(f.status)) return reject("unsupportedStatus", { status: echo(f.status) });

  const idValue = personIdentifier(f.person, index);
  if (idValue === null) return reject("missingIdentifier");
  const person = checkPersonId(idValue, ctx.today);
  if (!person.ok) return failed(person);

  const kind = kindFromCodes(ctx, f.codes);
  if (!kind.ok) return failed(kind);

  const org = organizationOf(f.performer, index);
  const principal = resolvePrincipal(kind.value, principalOf(org, index));
  if (!principal.ok) return failed(principal);
  const unit = checkUnit(org?.name ?? "");
  if (!unit.ok) return failed(unit);

  const start = fhirDate(f.period?.start);
  if (start === null)
    return f.period?.start === undefined
      ? reject("missingStartDate")
      : reject("badDate", { field: "start", value: echo(f.period.start) });
  const end = f.period?.end === undefined ? null : fhirDate(f.period.end);
  if (f.period?.end !== undefined && end === null)
    return reject("badDate", { field: "end", value: echo(f.period.end) });
  if (!ongoing && end === null) return reject("endedWithoutEndDate", { status: echo(f.status) });
  const period = checkPeriod(start, end);
  if (!period.ok) return failed(period);
  return {
    ok: true,
    effort: {
      at,
      source: null,
      externalId: f.externalId,
      personId: person.value,
      kind: kind.value.code,
      principal: principal.value,
      unitName: unit.value,
      startDate: start,
      endDate: end,
    },
  };
}

function resourceKey(
  type: string,
  id: string | undefined,
  identifiers: readonly { system?: string; value?: string }[] | undefined,
): string | null {
  if (id !== undefined && id !== "") return `${type}/${id}`;
  const first = identifiers?.find((i) => i.value !== undefined && i.value !== "");
  return first === undefined ? null : `${type}|${first.system ?? ""}|${first.value ?? ""}`;
}

function personIdentifier(ref: Reference, index: BundleIndex): string | null {
  const direct = ref.identifier;
  if (direct?.system !== undefined && PERSONNUMMER_SYSTEMS.has(direct.system) && direct.value)
    return direct.value;
  const target = ref.reference === undefined ? undefined : index.patients.get(ref.reference);
  const id = target?.identifier?.find(
    (i) => i.system !== undefined && PERSONNUMMER_SYSTEMS.has(i.system) && i.value,
  );
  return id?.value ?? null;
}

function kindFromCodes(ctx: MappingContext, concepts: readonly CodeableConcept[]): Checked<EffortKind> {
  const tried: string[] = [];
  for (const concept of concepts) {
    for (const c of concept.coding ?? []) {
      if (c.code === undefined) continue;
      const system = codeSystemOf(c.system);
      const kind = system === null ? ctx.taxonomy.byCode(c.code) : kindFromCode(ctx, c.code, system);
      if (kind !== undefined) return { ok: true, value: kind };
      tried.push(`${system ?? c.system ?? "code"} ${c.code}`);
    }
  }
  for (const concept of concepts) {
    for (const label of [concept.text, ...(concept.coding ?? []).map((c) => c.display)]) {
      const kind = label === undefined ? undefined : kindFromName(ctx, label);
      if (kind !== undefined) return { ok: true, value: kind };
      if (label !== undefined) tried.push(label);
    }
  }
  if (tried.length === 0) return { ok: false, code: "missingEffort" };
  return { ok: false, code: "unknownEffort", params: { value: tried.slice(0, 3).map(echo).join(", ") } };
}

function organizationOf(ref: Reference | undefined, index: BundleIndex): Organization | undefined {
  return ref?.reference === undefined ? undefined : index.organizations.get(ref.reference);
}

/** The principal an organisation (or one it is part of, up to a few levels) says it belongs to. */
function principalOf(org: Organization | undefined, index: BundleIndex): Principal | undefined {
  let current = org;
  for (let depth = 0; current !== undefined && depth < 5; depth++) {
    for (const t of current.type ?? []) {
      for (const word of [t.text, ...(t.coding ?? []).flatMap((c) => [c.code, c.display])]) {
        const p = word === undefined ? undefined : principalFromWord(word);
        if (p !== undefined) return p;
      }
    }
    const name = (current.name ?? "").toLowerCase();
    if (/\bregion\b/u.test(name)) return "REGION";
    if (/\bkommun\b/u.test(name)) return "MUNICIPALITY";
    current = organizationOf(current.partOf, index);
  }
  return undefined;
}

/** A FHIR date or dateTime as a Stockholm calendar date; partial dates ("2026-11") are not enough. */
export function fhirDate(value: string | undefined): LocalDate | null {
  if (value === undefined) return null;
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return isLocalDate(value) ? value : null;
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(value)) return null;
  // Date would roll "2026-02-30T12:00" over to 2 March; a day that does not exist is refused, not moved.
  if (!isLocalDate(value.slice(0, 10))) return null;
  const at = new Date(value);
  return Number.isNaN(at.getTime()) ? null : stockholmDate(at);
}
