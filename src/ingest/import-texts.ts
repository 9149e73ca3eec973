import type {
  FormatErrorCode,
  RecordLocation,
  Rejection,
  RejectionCode,
  TextParams,
} from "../app/import-ports.ts";

// Every reason an operator (`sip import`) or a source system (POST /api/efforts) is given, in Swedish and
// English, keyed by a stable code. Codes are the contract (a source system acts on them); the wording may
// change. Parameters are field names, counts and source values already cut and stripped of identifiers.

export type ImportLang = "sv" | "en";

/** Refusals of a request before any import starts (HTTP 401, 408, 413, 415). */
export type HttpErrorCode = "unauthorized" | "unsupportedContentType" | "tooLarge" | "bodyTimeout";

/** Failures of a whole import besides unreadable content (see ImportFailure in src/app/import.ts). */
export type FailureCode = "badSource" | "noRecords";

export type ImportTextCode = RejectionCode | FormatErrorCode | HttpErrorCode | FailureCode;

export interface Bilingual {
  sv: string;
  en: string;
}

type Wording = (p: TextParams) => string;

const s = (p: TextParams, key: string): string => String(p[key] ?? "?");

const DATE_FIELD: Record<ImportLang, Record<string, string>> = {
  sv: { start: "startdatumet", end: "slutdatumet" },
  en: { start: "the start date", end: "the end date" },
};

const field = (lang: ImportLang, p: TextParams): string => DATE_FIELD[lang][s(p, "field")] ?? s(p, "field");

export const IMPORT_TEXTS: Record<ImportTextCode, Record<ImportLang, Wording>> = {
  // ---- a row or resource ----
  missingIdentifier: {
    sv: () => "personnummer eller samordningsnummer saknas",
    en: () => "the personnummer or samordningsnummer is missing",
  },
  invalidIdentifier: {
    sv: () => "personidentiteten är inte ett giltigt personnummer eller samordningsnummer",
    en: () => "the person identifier is not a valid personnummer or samordningsnummer",
  },
  missingEffort: {
    sv: () => "insatsen saknas (ingen kod eller text)",
    en: () => "the effort is missing (no code or text)",
  },
  unknownEffort: {
    sv: (p) => `okänd insats ${s(p, "value")}`,
    en: (p) => `unknown effort ${s(p, "value")}`,
  },
  unknownPrincipal: {
    sv: (p) => `okänd huvudman ${s(p, "value")} (kommun, region eller övrig)`,
    en: (p) => `unknown principal ${s(p, "value")} (kommun, region or övrig)`,
  },
  principalVaries: {
    sv: (p) => `huvudman saknas, och för "${s(p, "kind")}" skiljer den sig mellan regioner`,
    en: (p) => `the principal is missing, and for "${s(p, "kind")}" it differs between regions`,
  },
  badDate: {
    sv: (p) => `${field("sv", p)} ${s(p, "value")} är inte ett datum (ÅÅÅÅ-MM-DD)`,
    en: (p) => `${field("en", p)} ${s(p, "value")} is not a date (YYYY-MM-DD)`,
  },
  missingStartDate: {
    sv: () => "startdatum saknas",
    en: () => "the start date is missing",
  },
  endBeforeStart: {
    sv: (p) => `slutdatumet ${s(p, "end")} är före startdatumet ${s(p, "start")}`,
    en: (p) => `the end date ${s(p, "end")} is before the start date ${s(p, "start")}`,
  },
  endedWithoutEndDate: {
    sv: (p) => `status ${s(p, "status")} betyder att insatsen har avslutats, men slutdatum saknas`,
    en: (p) => `status ${s(p, "status")} says it has ended, but there is no end date`,
  },
  unitTooLong: {
    sv: (p) => `enhetens namn är längre än ${s(p, "max")} tecken`,
    en: (p) => `the unit name is longer than ${s(p, "max")} characters`,
  },
  wrongColumnCount: {
    sv: (p) => `${s(p, "expected")} kolumner väntades, raden har ${s(p, "found")}`,
    en: (p) => `expected ${s(p, "expected")} columns, found ${s(p, "found")}`,
  },
  unclosedQuote: {
    sv: () => "ett fält inom citattecken avslutas aldrig",
    en: () => "a quoted field is not closed",
  },
  strayQuote: {
    sv: () => "ett citattecken mitt i ett fält, eller text efter ett avslutande citattecken",
    en: () => "a quote inside a field that is not quoted, or text after a closing quote",
  },
  recordTooLong: {
    sv: (p) => `raden är längre än ${s(p, "max")} tecken; resten av filen lästes inte`,
    en: (p) => `the record is longer than ${s(p, "max")} characters; the rest of the file was not read`,
  },
  unreadableRecord: {
    sv: (p) => `raden går inte att läsa (${s(p, "parserCode")})`,
    en: (p) => `the record cannot be read (${s(p, "parserCode")})`,
  },
  otherSource: {
    sv: (p) =>
      `raden kommer från källsystemet ${s(p, "recordSource")}, importen gäller "${s(p, "importSource")}"`,
    en: (p) => `the record is from source ${s(p, "recordSource")}, this import is "${s(p, "importSource")}"`,
  },
  invalidResource: {
    sv: (p) => `ingen giltig ${s(p, "type")}: fel i ${s(p, "fields")}`,
    en: (p) => `not a valid ${s(p, "type")}: wrong ${s(p, "fields")}`,
  },
  unsupportedResourceType: {
    sv: (p) => `resourceType ${s(p, "type")} importeras inte (ServiceRequest, CarePlan, EpisodeOfCare)`,
    en: (p) => `resourceType ${s(p, "type")} is not imported (ServiceRequest, CarePlan, EpisodeOfCare)`,
  },
  missingResourceType: {
    sv: () => "posten har ingen resurs med resourceType",
    en: () => "the entry has no resource with a resourceType",
  },
  missingResourceId: {
    sv: () => "resursen har varken id eller identifier",
    en: () => "the resource has neither an id nor an identifier",
  },
  unsupportedStatus: {
    sv: (p) => `status ${s(p, "status")} importeras inte`,
    en: (p) => `status ${s(p, "status")} is not imported`,
  },
  noActivities: {
    sv: () => "vårdplanen (CarePlan) har inga aktiviteter",
    en: () => "the CarePlan has no activities",
  },
  activityWithoutDetail: {
    sv: () => "aktiviteten saknar detail",
    en: () => "the activity has no detail",
  },
  unitOtherPrincipal: {
    sv: () => "enheten hör till en annan huvudman än insatsen",
    en: () => "the unit belongs to another principal than the effort",
  },
  effortIdOtherPerson: {
    sv: () => "insatsens id används redan för en annan person",
    en: () => "the effort id is already used for another person",
  },
  // ---- the content as a whole ----
  emptyFile: {
    sv: () => "filen är tom: en rubrikrad behövs",
    en: () => "the file is empty: a header row is expected",
  },
  noHeader: {
    sv: () => "filen har ingen rubrikrad",
    en: () => "the file has no header row",
  },
  missingColumns: {
    sv: (p) => `rubrikraden saknar kolumnerna ${s(p, "columns")} (hittade: ${s(p, "found")})`,
    en: (p) => `the header row lacks the column(s) ${s(p, "columns")} (found: ${s(p, "found")})`,
  },
  notJson: {
    sv: () => "innehållet är inte JSON",
    en: () => "the body is not JSON",
  },
  notBundle: {
    sv: (p) => `ingen FHIR Bundle: fel i ${s(p, "fields")}`,
    en: (p) => `not a FHIR Bundle: wrong ${s(p, "fields")}`,
  },
  wrongResourceType: {
    sv: (p) => `en FHIR Bundle väntades, fick resourceType ${s(p, "type")}`,
    en: (p) => `expected a FHIR Bundle, got resourceType ${s(p, "type")}`,
  },
  fhirFileTooLarge: {
    sv: (p) => `FHIR-filen är större än ${s(p, "maxMb")} MB; dela upp den i flera Bundles`,
    en: (p) => `the FHIR file is larger than ${s(p, "maxMb")} MB; split it into several Bundles`,
  },
  badSource: {
    sv: (p) =>
      `ogiltigt namn på källsystem ${s(p, "source")} (bokstäver, siffror, . _ -, högst 40 tecken; inte chat)`,
    en: (p) =>
      `invalid source system name ${s(p, "source")} (letters, digits, . _ -, at most 40 characters; not chat)`,
  },
  noRecords: {
    sv: () => "inga rader med källsystem hittades; ange källsystemet",
    en: () => "no records naming a source system were found; give the source system",
  },
  // ---- the HTTP request ----
  unauthorized: {
    sv: () => "ingen eller fel token (Authorization: Bearer <token>)",
    en: () => "no or a wrong token (Authorization: Bearer <token>)",
  },
  unsupportedContentType: {
    sv: () => "innehållstypen stöds inte: skicka text/csv eller application/fhir+json",
    en: () => "unsupported content type: send text/csv or application/fhir+json",
  },
  tooLarge: {
    sv: (p) => `innehållet är större än ${s(p, "maxBytes")} byte`,
    en: (p) => `the body is larger than ${s(p, "maxBytes")} bytes`,
  },
  bodyTimeout: {
    sv: () => "innehållet kom inte fram i tid",
    en: () => "the body did not arrive in time",
  },
};

export function importText(code: ImportTextCode, params: TextParams, lang: ImportLang): string {
  return IMPORT_TEXTS[code][lang](params);
}

export function bilingual(code: ImportTextCode, params: TextParams = {}): Bilingual {
  return { sv: importText(code, params, "sv"), en: importText(code, params, "en") };
}

/** The text code of a failed import (src/app/import.ts): for unreadable content, the source's code in detail. */
export function failureCode(
  reason: "badFormat" | FailureCode,
  detail: Readonly<Record<string, string | number>>,
): ImportTextCode {
  if (reason !== "badFormat") return reason;
  const code = detail.code;
  return typeof code === "string" && code in IMPORT_TEXTS ? (code as ImportTextCode) : "notBundle";
}

/** "rad 5" / "line 5"; "resurs 3 (CarePlan/cp-1), aktivitet 0" / "resource 3 (CarePlan/cp-1), activity 0". */
export function locationText(at: RecordLocation, lang: ImportLang): string {
  if ("line" in at) return `${lang === "sv" ? "rad" : "line"} ${at.line}`;
  const ref = at.ref === undefined ? "" : ` (${at.ref})`;
  const activity =
    at.activity === undefined ? "" : `, ${lang === "sv" ? "aktivitet" : "activity"} ${at.activity}`;
  return `${lang === "sv" ? "resurs" : "resource"} ${at.resource}${ref}${activity}`;
}

/** "rad 5: okänd insats "x"" for the terminal. */
export function rejectionText(r: Rejection, lang: ImportLang): string {
  return `${locationText(r.at, lang)}: ${importText(r.code, r.params ?? {}, lang)}`;
}

/** A rejection as the endpoint answers it: where, the code, and both wordings. */
export function rejectionJson(
  r: Rejection,
): RecordLocation & { code: RejectionCode; params?: TextParams; message: Bilingual } {
  return {
    ...r.at,
    code: r.code,
    ...(r.params !== undefined && { params: r.params }),
    message: bilingual(r.code, r.params),
  };
}

// ---- `sip import` on the terminal ----

const svNumber = new Intl.NumberFormat("sv-SE");
const enNumber = new Intl.NumberFormat("en-GB");

export interface ImportCliTexts {
  usage: string;
  badFormatOption: string;
  fhirNeedsSource: string;
  noFile: (file: string) => string;
  failed: (why: string) => string;
  moreRejected: (n: number) => string;
  summary: (s: {
    source: string;
    added: number;
    updated: number;
    ended: number;
    unchanged: number;
    rejected: number;
    suggested: number;
    resumedAfter: number;
    runId: string;
  }) => string;
  rows: (done: number, total: number | null) => string;
  rate: (perSecond: number) => string;
  left: (seconds: number) => string;
}

export const IMPORT_CLI_TEXTS: Record<ImportLang, ImportCliTexts> = {
  sv: {
    usage:
      "sip import <fil> [--source <källsystem>] [--format csv|fhir] [--lang sv|en]   importera insatser (CSV eller FHIR R4 Bundle)",
    badFormatOption: "--format ska vara csv eller fhir.",
    fhirNeedsSource:
      "En FHIR-import behöver --source <källsystem>: en Bundle säger inte vilket system den kommer från.",
    noFile: (file) => `Filen ${file} finns inte eller går inte att läsa.`,
    failed: (why) => `Importen misslyckades: ${why}`,
    moreRejected: (n) => `… och ${n} avvisade till.`,
    summary: (s) =>
      `Import från ${s.source}: ${s.added} tillagda, ${s.updated} ändrade, ${s.ended} avslutade, ` +
      `${s.unchanged} oförändrade, ${s.rejected} avvisade, ${s.suggested} SIP-förslag` +
      (s.resumedAfter > 0 ? ` (återupptagen efter ${s.resumedAfter} rader)` : "") +
      ` [körning ${s.runId}]`,
    rows: (done, total) =>
      total === null
        ? `${svNumber.format(done)} rader`
        : `${svNumber.format(done)} / ${svNumber.format(total)} rader`,
    rate: (n) => `${svNumber.format(n)} rader/s`,
    left: (sec) => (sec >= 120 ? `ca ${Math.round(sec / 60)} min kvar` : `ca ${sec} s kvar`),
  },
  en: {
    usage:
      "sip import <file> [--source <source system>] [--format csv|fhir] [--lang sv|en]   import efforts (CSV or FHIR R4 Bundle)",
    badFormatOption: "--format must be csv or fhir.",
    fhirNeedsSource:
      "A FHIR import needs --source <source system>: a Bundle does not say which system it comes from.",
    noFile: (file) => `The file ${file} does not exist or cannot be read.`,
    failed: (why) => `The import failed: ${why}`,
    moreRejected: (n) => `… and ${n} more rejected.`,
    summary: (s) =>
      `Import from ${s.source}: ${s.added} added, ${s.updated} updated, ${s.ended} ended, ` +
      `${s.unchanged} unchanged, ${s.rejected} rejected, ${s.suggested} SIP suggestions` +
      (s.resumedAfter > 0 ? ` (resumed after ${s.resumedAfter} records)` : "") +
      ` [run ${s.runId}]`,
    rows: (done, total) =>
      total === null
        ? `${enNumber.format(done)} records`
        : `${enNumber.format(done)} / ${enNumber.format(total)} records`,
    rate: (n) => `${enNumber.format(n)} records/s`,
    left: (sec) => (sec >= 120 ? `about ${Math.round(sec / 60)} min left` : `about ${sec} s left`),
  },
};
