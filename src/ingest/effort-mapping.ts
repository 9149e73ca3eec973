import { isLocalDate, type LocalDate } from "../domain/local-date.ts";
import { parseSwedishId, redactSwedishIds } from "../domain/personnummer.ts";
import type { Principal } from "../domain/principal.ts";
import type { EffortKind, EffortTaxonomy } from "../domain/taxonomy.ts";
import type { RejectionCode, TextParams } from "../app/import-ports.ts";

// What CSV and FHIR share: effort names and codes to taxonomy kinds, principal words, dates, and the person
// identifier check. A failure is a code with parameters (worded in import-texts.ts); it names the field,
// never the person's identifier.

/** Classification a code belongs to: KVÅ (health care) or KSI (social services). */
export type CodeSystem = "KVÅ" | "KSI";

/**
 * Codes from KVÅ and KSI mapped to taxonomy codes ("KVÅ:XX000" -> "psykiatrisk-oppenvard"). Classification
 * codes describe single interventions and activities rather than ongoing efforts, and regions use them
 * differently, so the mapping is the region's data (SIP_IMPORT_CODE_MAP_FILE), not ours.
 */
export type CodeMap = ReadonlyMap<string, string>;

export interface MappingContext {
  taxonomy: EffortTaxonomy;
  codes: CodeMap;
  today: Date;
}

// Labels travel back in error messages; a long value is cut so that a hostile file cannot flood the report.
const ECHO_LIMIT = 60;

export function echo(value: string): string {
  const cut = value.length > ECHO_LIMIT ? `${value.slice(0, ECHO_LIMIT)}…` : value;
  return JSON.stringify(redactSwedishIds(cut));
}

/** A taxonomy kind from a code or a name (any language, synonyms, with or without diacritics). */
export function kindFromName(ctx: MappingContext, value: string): EffortKind | undefined {
  const trimmed = value.trim();
  if (trimmed === "") return undefined;
  return (
    ctx.taxonomy.byCode(trimmed.toLowerCase()) ?? ctx.taxonomy.find(trimmed) ?? kindFromCode(ctx, trimmed)
  );
}

/** "KVÅ:AB123", "KSI:XYZ" or the same with the system given apart. */
export function kindFromCode(
  ctx: MappingContext,
  value: string,
  system?: CodeSystem,
): EffortKind | undefined {
  const key = system === undefined ? normaliseCodeKey(value) : `${system}:${value.trim().toUpperCase()}`;
  if (key === null) return undefined;
  const code = ctx.codes.get(key);
  return code === undefined ? undefined : ctx.taxonomy.byCode(code);
}

function normaliseCodeKey(value: string): string | null {
  const m = /^(KV[AÅ]|KSI)\s*[:|]\s*(\S+)$/iu.exec(value.trim());
  if (m === null) return null;
  const system = (m[1] ?? "").toUpperCase() === "KSI" ? "KSI" : "KVÅ";
  return `${system}:${(m[2] ?? "").toUpperCase()}`;
}

const PRINCIPAL_WORDS = new Map<string, Principal>([
  ["kommun", "MUNICIPALITY"],
  ["kommunen", "MUNICIPALITY"],
  ["municipality", "MUNICIPALITY"],
  ["region", "REGION"],
  ["regionen", "REGION"],
  ["landsting", "REGION"],
  ["övrig", "OTHER"],
  ["övriga", "OTHER"],
  ["ovrig", "OTHER"],
  ["ovriga", "OTHER"],
  ["other", "OTHER"],
]);

export function principalFromWord(value: string): Principal | undefined {
  return PRINCIPAL_WORDS.get(value.trim().toLowerCase());
}

export interface Failed {
  ok: false;
  code: RejectionCode;
  params?: TextParams;
}

export type Checked<T> = { ok: true; value: T } | Failed;

/** Which date a date check is about; worded per language in import-texts.ts. */
export type DateField = "start" | "end";

/** The principal a record gives, or the taxonomy's when it gives none and regions agree on it. */
export function resolvePrincipal(kind: EffortKind, given: Principal | undefined): Checked<Principal> {
  if (given !== undefined) return { ok: true, value: given };
  if (kind.varies) {
    return { ok: false, code: "principalVaries", params: { kind: kind.code } };
  }
  return { ok: true, value: kind.principal };
}

// Validation works out today's date in Stockholm for every number and date it checks, which dominates the
// cost of a large file; the same persons and dates recur (a person has several efforts, a file spans a few
// years of dates), so answers are remembered for a while. Bounded, and dropped whole when full.
const MEMO_LIMIT = 50_000;
const idMemo = new Map<string, string | null>();
const dateMemo = new Map<string, boolean>();

function remember<V>(memo: Map<string, V>, key: string, compute: () => V): V {
  const known = memo.get(key);
  if (known !== undefined || memo.has(key)) return known as V;
  if (memo.size >= MEMO_LIMIT) memo.clear();
  const value = compute();
  memo.set(key, value);
  return value;
}

/** Drops what validation remembered; sources call it when they finish, so no number outlives its import. */
export function forgetValidations(): void {
  idMemo.clear();
  dateMemo.clear();
}

/** 12 normalised digits of a valid personnummer or samordningsnummer. */
export function checkPersonId(value: string, today: Date): Checked<string> {
  if (value.trim() === "") return { ok: false, code: "missingIdentifier" };
  // Keyed by the day as well: whether a number is valid can depend on today (a birth date in the future).
  const day = today.toISOString().slice(0, 10);
  const normalized = remember(
    idMemo,
    `${day}|${value}`,
    () => parseSwedishId(value, today)?.normalized ?? null,
  );
  const id = normalized === null ? null : { normalized };
  if (id === null) return { ok: false, code: "invalidIdentifier" };
  return { ok: true, value: id.normalized };
}

export function checkDate(value: string, field: DateField): Checked<LocalDate> {
  const v = value.trim();
  if (!remember(dateMemo, v, () => isLocalDate(v))) {
    return { ok: false, code: "badDate", params: { field, value: echo(v) } };
  }
  return { ok: true, value: v };
}

export function checkPeriod(start: LocalDate, end: LocalDate | null): Checked<null> {
  if (end !== null && end < start) return { ok: false, code: "endBeforeStart", params: { start, end } };
  return { ok: true, value: null };
}

// A unit name is picked from a list in chat and typed in quotes; the same limit as `sip units add`.
export const MAX_UNIT_NAME = 120;

export function checkUnit(value: string): Checked<string | null> {
  const v = value.trim();
  if (v === "") return { ok: true, value: null };
  if (v.length > MAX_UNIT_NAME) return { ok: false, code: "unitTooLong", params: { max: MAX_UNIT_NAME } };
  return { ok: true, value: v };
}
