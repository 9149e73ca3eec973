// Test personnummer are computed, never written out: a birth date long past (1900–1930) and a serial, with
// the Luhn check digit worked out here independently of src/domain/personnummer.ts, so a bug there cannot
// hide behind the same bug in the test.

/** Luhn check digit for the nine digits YYMMDDNNN. */
export function luhnCheckDigit(nine: string): string {
  let sum = 0;
  for (let i = 0; i < nine.length; i++) {
    const weighted = Number(nine[i]) * (i % 2 === 0 ? 2 : 1);
    sum += weighted > 9 ? weighted - 9 : weighted;
  }
  return String((10 - (sum % 10)) % 10);
}
