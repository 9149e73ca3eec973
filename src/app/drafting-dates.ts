import { DateTime } from "luxon";
import { type LocalDate, ZONE } from "../domain/local-date.ts";
import type { Locale } from "./ports.ts";

// Dates in drafts read like the rest of the bot's replies ("15 december 2026"), always on the Stockholm
// calendar whatever zone the server runs in.
export function formatDraftDate(d: LocalDate, locale: Locale): string {
  return DateTime.fromISO(d, { zone: ZONE })
    .setLocale(locale === "en" ? "en-GB" : "sv-SE")
    .toLocaleString(DateTime.DATE_FULL);
}

export const formatDraftDateSv = (d: LocalDate): string => formatDraftDate(d, "sv");
export const formatDraftDateEn = (d: LocalDate): string => formatDraftDate(d, "en");
