import type { CandidateReason } from "../domain/overlap.ts";
import type { LocalDate } from "../domain/local-date.ts";
import type { Principal } from "../domain/principal.ts";

// What the import use case (src/app/import.ts) needs from the store and from a source. Kept apart from
// ports.ts so that the shared file only gains one property (Store.imports).

export type ImportFormat = "CSV" | "FHIR";

/** Where a record is: a CSV line, or a Bundle entry (its index, type/id and, for a CarePlan, the activity). */
export type RecordLocation = { line: number } | { resource: number; ref?: string; activity?: number };

/**
 * Why a row or resource was skipped, as a stable code; the wording (Swedish and English) is in
 * src/ingest/import-texts.ts, so source systems can act on the code and operators read their language.
 */
export type RejectionCode =
  | "missingIdentifier"
  | "invalidIdentifier"
  | "missingEffort"
  | "unknownEffort"
  | "unknownPrincipal"
  | "principalVaries"
  | "badDate"
  | "missingStartDate"
  | "endBeforeStart"
  | "endedWithoutEndDate"
  | "unitTooLong"
  | "wrongColumnCount"
  | "unclosedQuote"
  | "strayQuote"
  | "recordTooLong"
  | "unreadableRecord"
  | "otherSource"
  | "invalidResource"
  | "unsupportedResourceType"
  | "missingResourceType"
  | "missingResourceId"
  | "unsupportedStatus"
  | "noActivities"
  | "activityWithoutDetail"
  | "unitOtherPrincipal"
  | "effortIdOtherPerson";

/** Values a text is worded with: field names, counts, and source values cut and stripped of identifiers. */
export type TextParams = Readonly<Record<string, string | number>>;

/** A row or resource that failed: where and why. Never the person's identifier. */
export interface Rejection {
  at: RecordLocation;
  code: RejectionCode;
  params?: TextParams;
}

/**
 * One effort as a source system describes it, before the person identifier is hashed. Sources (CSV, FHIR)
 * produce these; the use case hashes the identifier at once and keeps only the hash.
 */
export interface SourceEffort {
  at: RecordLocation;
  /** The source system named in the record (CSV column); null when the format has none (FHIR). */
  source: string | null;
  /** The source's own id of the effort; null to derive one from person, effort and start date. */
  externalId: string | null;
  /** 12 digits, already checked (personnummer or samordningsnummer). */
  personId: string;
  kind: string;
  principal: Principal;
  unitName: string | null;
  startDate: LocalDate;
  endDate: LocalDate | null;
}

export type SourceItem = { ok: true; effort: SourceEffort } | { ok: false; rejection: Rejection };

/** A source reads its content once, in order; `total` is given when it is cheap to know up front. */
export interface EffortSource {
  items: AsyncIterable<SourceItem>;
  total: number | null;
}

/**
 * The content as a whole cannot be read (no usable header row, not JSON, not a FHIR Bundle): thrown by a
 * source, turned into a failed import (HTTP 400) by the use case's caller. Problems with one record are
 * rejections instead.
 */
export class ImportFormatError extends Error {
  readonly code: FormatErrorCode;
  readonly params: TextParams;
  constructor(code: FormatErrorCode, params: TextParams = {}) {
    super(`${code} ${JSON.stringify(params)}`);
    this.name = "ImportFormatError";
    this.code = code;
    this.params = params;
  }
}

/** Why the content as a whole cannot be read; worded in src/ingest/import-texts.ts. */
export type FormatErrorCode =
  | "emptyFile"
  | "noHeader"
  | "missingColumns"
  | "notJson"
  | "notBundle"
  | "wrongResourceType"
  | "fhirFileTooLarge";

/** One effort ready to write: the identifier is a keyed hash. */
export interface ImportRow {
  at: RecordLocation;
  externalId: string;
  identifierHash: string;
  kind: string;
  principal: Principal;
  /** Found in the unit directory case-insensitively, or added to it with the effort's principal. */
  unitName: string | null;
  startDate: LocalDate;
  endDate: LocalDate | null;
}

export interface ImportCounts {
  added: number;
  updated: number;
  ended: number;
  unchanged: number;
  rejected: number;
}

export interface ImportRunRecord extends ImportCounts {
  id: string;
  source: string;
  format: ImportFormat;
  status: "RUNNING" | "COMPLETED" | "FAILED";
  /** Records (rows, resources) committed so far; a resumed run skips this many. */
  position: number;
}

/** What overlap detection needs to apply the rule of src/domain/overlap.ts in SQL. */
export interface OverlapRules {
  today: LocalDate;
  /** Discharges on or after this date still count. */
  dischargeWindowStart: LocalDate;
  dismissQuietDays: number;
  inpatientKinds: readonly string[];
  /** The organisation chose the strict suggestion wording for everyone. */
  strictWording: boolean;
}

/** Which persons to look at: those whose efforts one import run changed, or everyone. */
export type CandidateScope = { runId: string } | "all";

export interface Candidate {
  personId: string;
  ref: string;
  reason: CandidateReason;
}

export interface ImportStore {
  /** A run of the same content from the same source that did not complete, to resume. */
  findResumableRun(source: string, contentHash: string): Promise<ImportRunRecord | null>;
  startRun(r: {
    source: string;
    format: ImportFormat;
    contentHash: string;
    actor: string;
  }): Promise<ImportRunRecord>;
  /**
   * Writes one batch (call inside a transaction): finds or creates the persons by hash (new references
   * from `newRef`) and the units by name, adds, updates or ends efforts keyed by (source, external id), audits each change, and
   * moves the run's position and counts, so the batch and the progress commit together.
   */
  applyBatch(
    run: { id: string; source: string },
    rows: readonly ImportRow[],
    progress: { position: number; rejections: readonly Rejection[] },
    newRef: () => string,
    now: Date,
  ): Promise<ImportCounts & { rejectedRows: Rejection[] }>;
  finishRun(
    runId: string,
    status: "COMPLETED" | "FAILED",
    suggested: number,
    now: Date,
  ): Promise<ImportRunRecord>;
  /** Refreshes the planner's statistics of the tables an import fills (after a large import). */
  refreshStatistics(): Promise<void>;
  /** Checkpoints where no checkpointer runs (embedded PGlite), so a long import's WAL stays bounded. */
  checkpointIfEmbedded(): Promise<void>;
  /** One set-based query: persons who are SIP candidates by the rule of src/domain/overlap.ts. */
  findCandidates(scope: CandidateScope, rules: OverlapRules): Promise<Candidate[]>;
  /**
   * Records a suggestion for every candidate in scope (one statement: SIP, transition, audit, and one
   * notification per member of staff concerned); returns how many were suggested.
   */
  suggestCandidates(
    scope: CandidateScope,
    rules: OverlapRules,
    now: Date,
    runId: string | null,
  ): Promise<number>;
}
