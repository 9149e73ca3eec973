// The personnummer detector: every valid number, in every written form, inside any text is found; the
// same number with a wrong check digit is not; redaction leaves nothing a detector would find.
import assert from "node:assert/strict";
import fc from "fast-check";
import {
  containsSwedishId,
  findSwedishIds,
  looksLikeReserveNumber,
  parseSwedishId,
  redactSwedishIds,
} from "../../../src/domain/personnummer.ts";
import { createRedactor, stillIdentifying } from "../../../src/llm/redact.ts";
import { boundary, hostileOrHuge, hostileText, swedishId, withWrongCheckDigit } from "./arbitraries.ts";
import { type PropertySpec, spec } from "./property-spec.ts";

const TODAY = "2026-11-23";
const NOW = new Date("2026-11-23T11:00:00Z");

/** Text with the number placed between two boundary characters, so nothing glues to it. */
const placed = fc.record({
  id: swedishId(TODAY),
  before: hostileText(120),
  after: hostileText(120),
  left: boundary,
  right: boundary,
  atStart: fc.boolean(),
  atEnd: fc.boolean(),
});

function compose(
  p: { before: string; after: string; left: string; right: string; atStart: boolean; atEnd: boolean },
  id: string,
) {
  const head = p.atStart ? "" : `${p.before}${p.left}`;
  const tail = p.atEnd ? "" : `${p.right}${p.after}`;
  return { text: `${head}${id}${tail}`, start: head.length, end: head.length + id.length };
}

const detected = spec(
  "personnummer",
  "every valid number in any text is found, with its 12 digits",
  5000,
  () =>
    fc.property(placed, (p) => {
      const { text, start, end } = compose(p, p.id.text);
      const found = findSwedishIds(text, NOW);
      const hit = found.find((m) => m.start === start);
      assert.ok(hit !== undefined, `${p.id.text} not found in ${JSON.stringify(text)}`);
      assert.deepStrictEqual(hit, { kind: p.id.kind, normalized: p.id.normalized, start, end });
      assert.equal(containsSwedishId(text, NOW), true);
      assert.deepStrictEqual(parseSwedishId(` ${p.id.text}\t`, NOW), {
        kind: p.id.kind,
        normalized: p.id.normalized,
      });
    }),
);

const wrongCheck = spec("personnummer", "the same number with a wrong check digit is not found", 5000, () =>
  fc.property(placed, fc.nat(), (p, shift) => {
    const wrong = withWrongCheckDigit(p.id.text, shift);
    const { text, start, end } = compose(p, wrong);
    const overlapping = findSwedishIds(text, NOW).filter((m) => m.start < end && m.end > start);
    assert.deepStrictEqual(overlapping, [], JSON.stringify(text));
    assert.equal(parseSwedishId(wrong, NOW), null);
    // The model-bound redactor still removes it: a typo identifies a person as well.
    assert.ok(!createRedactor([]).redact(text).includes(wrong));
  }),
);

const redaction = spec("personnummer", "redaction removes every number the detector finds", 4000, () =>
  fc.property(placed, fc.array(swedishId(TODAY), { maxLength: 3 }), (p, more) => {
    const { text } = compose(p, p.id.text);
    const crowded = [text, ...more.map((m) => m.text)].join(" ");
    const before = findSwedishIds(crowded).length;
    const out = redactSwedishIds(crowded);
    assert.deepStrictEqual(findSwedishIds(out), [], JSON.stringify(out));
    assert.equal(looksLikeReserveNumber(out), false);
    assert.ok(out.split("[personnummer]").length - 1 >= before);
    const forModel = createRedactor(["Bo Berg", "Åsa"]).redact(crowded);
    assert.equal(containsSwedishId(forModel, NOW), false);
    assert.ok(!forModel.includes(p.id.text));
  }),
);

const jsonRedaction = spec(
  "personnummer",
  "a redacted JSON prompt variable passes the last check before sending",
  3000,
  () =>
    fc.property(placed, fc.constantFrom("note", "what", "__proto__"), (p, key) => {
      const { text } = compose(p, p.id.text);
      const body = JSON.stringify({ [key]: text, list: [text, { deep: `x ${p.id.text}` }] });
      const out = createRedactor([]).redactValue(body);
      assert.equal(stillIdentifying(JSON.stringify({ messages: [{ content: out }] }), NOW), false, out);
    }),
);

const anyText = spec("personnummer", "detection and redaction never throw on any text", 1000, () =>
  fc.property(hostileOrHuge(600, 20_000), (text) => {
    const found = findSwedishIds(text, NOW);
    for (const m of found) {
      assert.ok(m.start >= 0 && m.end <= text.length && m.start < m.end);
      assert.match(m.normalized, /^\d{12}$/);
    }
    assert.equal(containsSwedishId(text, NOW), found.length > 0);
    looksLikeReserveNumber(text);
    parseSwedishId(text, NOW);
    const out = redactSwedishIds(text);
    assert.deepStrictEqual(findSwedishIds(out), []);
    createRedactor(["Bo"]).redactValue(text);
  }),
);

export const personnummerProperties: PropertySpec[] = [
  detected,
  wrongCheck,
  redaction,
  jsonRedaction,
  anyText,
];
