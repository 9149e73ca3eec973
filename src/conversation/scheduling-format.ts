import { DateTime } from "luxon";
import type { Locale } from "../app/ports.ts";
import { stockholmDate, ZONE } from "../domain/local-date.ts";
import { formatDate } from "./format.ts";

// Meeting times as people read them, always on the Stockholm clock whatever zone the server runs in.

function inStockholm(at: Date, locale: Locale): DateTime {
  return DateTime.fromJSDate(at, { zone: ZONE }).setLocale(locale === "en" ? "en-GB" : "sv-SE");
}

/** "tis 1 dec 2026 09:00–10:00" / "Tue 1 Dec 2026 09:00–10:00". */
export function formatWhen(start: Date, end: Date | null, locale: Locale): string {
  const s = inStockholm(start, locale);
  const head = s.toFormat("ccc d LLL yyyy HH:mm").replace(/\.(?= )/g, "");
  return end === null ? head : `${head}–${inStockholm(end, locale).toFormat("HH:mm")}`;
}

/** "tisdag 1 december 2026 klockan 09.00–10.00": written out for the plain-Swedish invitation. */
export function formatWhenPlain(start: Date, end: Date): string {
  const s = inStockholm(start, "sv");
  return `${s.toFormat("cccc d LLLL yyyy")} klockan ${s.toFormat("HH.mm")}–${inStockholm(end, "sv").toFormat("HH.mm")}`;
}

/** The last day to answer: a poll closes at the first instant of the next day in Stockholm. */
export function formatDeadline(closesAt: Date, locale: Locale): string {
  return formatDate(stockholmDate(new Date(closesAt.getTime() - 1)), locale);
}
