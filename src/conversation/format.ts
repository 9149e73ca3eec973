import type { Locale } from "../app/ports.ts";
import { formatLocalDate, type LocalDate } from "../domain/local-date.ts";
import type { Principal } from "../domain/principal.ts";
import type { EffortTaxonomy } from "../domain/taxonomy.ts";
import type { Texts } from "./texts.ts";

// Small formatting helpers shared by every reply: dates always through the Stockholm zone, names of
// efforts and principals in the reader's language.

/** "15 december 2026" / "15 December 2026". */
export function formatDate(date: LocalDate, locale: Locale): string {
  return formatLocalDate(date, locale);
}

export function effortName(taxonomy: EffortTaxonomy, code: string, locale: Locale): string {
  const kind = taxonomy.byCode(code);
  if (kind === undefined) return code;
  return locale === "en" ? kind.en : kind.sv;
}

export function principalList(t: Texts, principals: readonly Principal[]): string {
  return principals.map((p) => t.principalDefinite[p]).join(", ");
}
