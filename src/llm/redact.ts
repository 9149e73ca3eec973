import { containsSwedishId, looksLikeReserveNumber, redactSwedishIds } from "../domain/personnummer.ts";

// Redaction before any model call. Person references (K-XXXX) stay: they are pseudonymous by design. What
// goes: personnummer and samordningsnummer in every format (10 or 12 digits, with "-", "+", a space or
// nothing), regions' reserve numbers with letters, anything else shaped like a personnummer even with a
// wrong check digit (a typo still identifies), e-mail addresses, phone numbers, and every name on the
// list the caller gives (the staff directory, plus names the deployment registers). The store keeps no
// names of persons, so names can only be redacted from a list: that list is the whole of what "a name"
// means here, and a name nobody listed passes unless it is inside one of the shapes above.

const ID = "[id]";
const EMAIL = "[e-post]";
const PHONE = "[telefon]";

// 6 or 8 digits, an optional separator, 4 digits: the shape of a personnummer whatever its check digit.
const ID_SHAPE = /(?<![\p{N}\p{L}])(?:\d{6}|\d{8})[-+\s\u2010-\u2013\u2212]?\d{4}(?![\p{N}\p{L}])/gu;
// Lengths bounded so the scan stays linear on hostile input.
const EMAIL_SHAPE = /[\p{L}\p{N}._%+-]{1,64}@[\p{L}\p{N}.-]{1,255}\.[\p{L}]{2,24}/gu;
// Swedish numbers (07x, 08, +46 …): 8 to 13 digits with spaces or hyphens between groups.
const PHONE_SHAPE = /(?<![\p{N}\p{L}])(?:\+46|0)(?:[\s-]?\d){7,12}(?![\p{N}\p{L}])/gu;

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

export interface Redactor {
  /** The text with identifiers and listed names replaced; the same name gets the same placeholder. */
  redact(text: string): string;
  /**
   * A prompt variable: when it holds JSON, each string inside is redacted on its own (so "\n" escapes
   * cannot glue a name or a number to the letter before it), and the JSON is written again.
   */
  redactValue(value: string): string;
}

function deepRedact(v: unknown, redact: (s: string) => string): unknown {
  if (typeof v === "string") return redact(v);
  if (Array.isArray(v)) return v.map((x) => deepRedact(x, redact));
  if (v !== null && typeof v === "object")
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [redact(k), deepRedact(x, redact)]));
  return v;
}

/**
 * A redactor for one request. Names shorter than two letters are ignored (they would blank out ordinary
 * words); the rest match as whole words, case-insensitively, longest first, so "Bo Berg" is one name.
 */
export function createRedactor(names: readonly string[]): Redactor {
  const unique = [
    ...new Set(
      names
        .map((n) =>
          n
            .replace(/\([^)]*\)/g, " ")
            .replace(/^@/, "")
            .replace(/\s+/g, " ")
            .trim(),
        )
        .filter((n) => n.length >= 2 && n.length <= 100),
    ),
  ].sort((a, b) => b.length - a.length);
  const placeholders = new Map<string, string>();
  const pattern =
    unique.length === 0
      ? null
      : // A Swedish genitive ("Bo Bergs", "Max:s") is the same name and must go too.
        new RegExp(`(?<![\\p{L}\\p{N}])@?(${unique.map(escape).join("|")})(:?s)?(?![\\p{L}\\p{N}])`, "giu");
  const self: Redactor = {
    redactValue(value: string): string {
      const t = value.trim();
      if (t.startsWith("{") || t.startsWith("[")) {
        try {
          return JSON.stringify(deepRedact(JSON.parse(t), (x) => self.redact(x)));
        } catch {
          // Not JSON after all: redact it as text.
        }
      }
      return self.redact(value);
    },
    redact(text: string): string {
      let out = redactSwedishIds(text, ID)
        .replace(ID_SHAPE, ID)
        .replace(EMAIL_SHAPE, EMAIL)
        .replace(PHONE_SHAPE, PHONE);
      if (pattern !== null) {
        out = out.replace(pattern, (_m, name: string, genitive: string | undefined) => {
          const key = name.toLowerCase();
          let p = placeholders.get(key);
          if (p === undefined) {
            p = `[namn-${placeholders.size + 1}]`;
            placeholders.set(key, p);
          }
          return `${p}${genitive ?? ""}`;
        });
      }
      return out;
    },
  };
  return self;
}

/** The last check before sending: true when the text still holds anything that could be an identifier. */
export function stillIdentifying(raw: string, now: Date): boolean {
  // JSON escapes ("\n") would otherwise glue a number to a letter and hide it from the scanners.
  const text = raw.replace(/\\[nrtbf"\\/]/g, " ");
  ID_SHAPE.lastIndex = 0;
  const shaped = ID_SHAPE.test(text);
  ID_SHAPE.lastIndex = 0;
  return shaped || containsSwedishId(text, now) || looksLikeReserveNumber(text);
}
