import { createHmac, randomInt } from "node:crypto";

// A person appears in chat only as a pseudonymous reference such as K-7F3Q. The alphabet is Crockford's
// base 32 (no I, L, O, U), so a reference read aloud or typed by hand is hard to get wrong.
const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const REF_PATTERN = /^K-[0-9A-HJKMNP-TV-Z]{4,8}$/;

export type PersonRef = string;

export function newPersonRef(length = 4, pick: (n: number) => number = randomInt): PersonRef {
  let body = "";
  for (let i = 0; i < length; i++) body += ALPHABET[pick(ALPHABET.length)];
  return `K-${body}`;
}

/** Normalises what a user typed ("k-7f3q") to the stored form, or null when it is not a reference. */
export function parsePersonRef(input: string): PersonRef | null {
  const candidate = input.trim().toUpperCase();
  return REF_PATTERN.test(candidate) ? candidate : null;
}

/** Finds references in free text, so a message can be routed to the right person. */
export function findPersonRefs(text: string): PersonRef[] {
  const found = text.toUpperCase().match(/\bK-[0-9A-HJKMNP-TV-Z]{4,8}\b/g) ?? [];
  return [...new Set(found)];
}

/**
 * Both principals must meet on the same reference without either storing the personnummer: a keyed hash
 * (HMAC-SHA256 with a secret only the deployment knows) of the normalised 12-digit number. Without the key
 * the hash cannot be reversed by trying all of the few billion possible numbers.
 */
export function identifierHash(normalizedId: string, secret: string): string {
  return createHmac("sha256", secret).update(normalizedId, "utf8").digest("hex");
}
