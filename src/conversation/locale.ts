import type { Locale } from "../app/ports.ts";
import type { Texts } from "./texts.ts";
import { en } from "./texts-en.ts";
import { sv } from "./texts-sv.ts";

/** Swedish unless the user or their client asks for English ("en", "en-GB", "en-US" ...). */
export function pickLocale(...candidates: (string | null | undefined)[]): Locale {
  for (const c of candidates) {
    if (c === undefined || c === null) continue;
    const lang = c.toLowerCase().slice(0, 2);
    if (lang === "en") return "en";
    if (lang === "sv") return "sv";
  }
  return "sv";
}

export function texts(locale: Locale): Texts {
  return locale === "en" ? en : sv;
}
