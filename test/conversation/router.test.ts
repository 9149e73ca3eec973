// handleMessage / handleAction against the real store: first contact, language, a whole SIP conversation
// between two principals, and hostile button presses that must change nothing.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { en } from "../../src/conversation/texts-en.ts";
import { sv } from "../../src/conversation/texts-sv.ts";
import type { Button, Form, Reply } from "../../src/conversation/message.ts";
import { handleAction, handleMessage } from "../../src/conversation/router.ts";
import { as, type Harness, openHarness, outboxRows, refIn, rowCounts, TEST_PNR, textOf } from "./harness.ts";

let h: Harness;
beforeAll(async () => {
  h = await openHarness();
});
afterAll(async () => {
  await h.close();
});

const say = (user: string, text: string, locale?: string) =>
  handleMessage(h.deps, as(user, locale === undefined ? {} : { locale }), text);
const press = (
  user: string,
  actionId: string,
  value: string,
  form?: Record<string, string>,
  locale?: string,
) =>
  handleAction(h.deps, as(user, locale === undefined ? {} : { locale }), {
    actionId,
    value,
    ...(form !== undefined && { form }),
  });

function formIn(replies: Reply[]): Form {
  for (const r of replies) for (const b of r.blocks) if (b.type === "form") return b.form;
  return expect.fail(`no form in: ${textOf(replies)}`);
}

function buttonsIn(replies: Reply[]): Button[] {
  return replies.flatMap((r) => r.blocks.flatMap((b) => (b.type === "buttons" ? b.buttons : [])));
}

async function newRef(user = "anna"): Promise<string> {
  return refIn(textOf(await say(user, "sip ny")));
}

describe("first contact", () => {
  it("an unknown user gets a registration form listing the units", async () => {
    const replies = await say("frida", "sip hjälp");
    expect(textOf(replies)).toBe(sv.unknownUser);
    const form = formIn(replies);
    expect(form.actionId).toBe("staff.register");
    expect(form.fields.map((f) => f.id)).toEqual(["displayName", "handle", "unit"]);
    const unit = form.fields.find((f) => f.id === "unit");
    expect(unit?.type === "select" && unit.options.map((o) => o.value).sort()).toEqual([
      "Biståndsenheten (demo)",
      "Hemtjänst Norr (demo)",
      "Psykiatrisk öppenvård (demo)",
      "Vårdcentralen Centrum (demo)",
    ]);
    expect(textOf(await say("frida", "hello", "en"))).toBe(en.unknownUser);
    // Any other button from someone unknown gets the same form, never an action.
    expect(formIn(await press("frida", "sip.start", "K-7F3Q")).actionId).toBe("staff.register");
  });

  it.each([
    [
      "bad handle",
      { displayName: "Frida Fors", handle: "f", unit: "Hemtjänst Norr (demo)" },
      sv.registerProblem.badHandle,
    ],
    [
      "handle with spaces",
      { displayName: "Frida Fors", handle: "fri da", unit: "Hemtjänst Norr (demo)" },
      sv.registerProblem.badHandle,
    ],
    [
      "taken handle",
      { displayName: "Frida Fors", handle: "anna", unit: "Hemtjänst Norr (demo)" },
      sv.registerProblem.handleTaken,
    ],
    [
      "no name",
      { displayName: "  ", handle: "frida", unit: "Hemtjänst Norr (demo)" },
      sv.registerProblem.badName,
    ],
    [
      "unknown unit",
      { displayName: "Frida Fors", handle: "frida", unit: "Nowhere" },
      sv.registerProblem.unknownUnit,
    ],
    ["no fields", {}, sv.registerProblem.badHandle],
  ])("%s: a kind message and nothing created", async (_, form, expected) => {
    const before = await rowCounts(h);
    expect(textOf(await press("frida", "staff.register", "", form))).toBe(expected);
    expect(await rowCounts(h)).toEqual(before);
  });

  it("registers with the unit's principal, after which commands work", async () => {
    const form = formIn(await say("frida", "sip hjälp"));
    const unit = form.fields.find((f) => f.id === "unit");
    const psychiatry =
      unit?.type === "select" ? unit.options.find((o) => o.value.startsWith("Psyk")) : undefined;
    const replies = await press("frida", form.actionId, form.value, {
      displayName: " Frida Fors (test) ",
      handle: "@Frida",
      unit: psychiatry?.value ?? "",
    });
    expect(textOf(replies)).toBe(sv.registered("Frida Fors (test)", "Psykiatrisk öppenvård (demo)"));
    const rows = await h.db.runner.query<{ handle: string; display_name: string; principal: string }>(
      `SELECT s.handle, s.display_name, s.principal::text AS principal FROM staff_profile s
         JOIN staff_identity i ON i.staff_id = s.id
        WHERE i.platform = 'console' AND i.tenant = 'local' AND i.user_id = 'frida'`,
    );
    expect(rows).toEqual([{ handle: "frida", display_name: "Frida Fors (test)", principal: "REGION" }]);
    expect(textOf(await say("frida", "sip hjälp"))).toContain(sv.helpTitle);
    // Registering again is not a thing a known user can do.
    const before = await rowCounts(h);
    expect(
      textOf(await press("frida", "staff.register", "", { displayName: "X", handle: "x2", unit: "x" })),
    ).toBe(sv.notUnderstood);
    expect(await rowCounts(h)).toEqual(before);
  });

  it("an English client registers in English and keeps English", async () => {
    const replies = await press(
      "gunnar",
      "staff.register",
      "",
      { displayName: "Gunnar (test)", handle: "gunnar", unit: "vårdcentralen centrum (demo)" },
      "en",
    );
    expect(textOf(replies)).toBe(en.registered("Gunnar (test)", "Vårdcentralen Centrum (demo)"));
    expect(textOf(await say("gunnar", "sip hjälp"))).toContain(en.helpTitle);
  });
});

describe("language", () => {
  it("Swedish by default, English when the client asks", async () => {
    expect(textOf(await say("anna", "sip hjälp"))).toContain(sv.helpTitle);
    expect(textOf(await say("anna", "sip hjälp", "en"))).toContain(en.helpTitle);
    expect(textOf(await say("anna", "sip help", "en-GB"))).toContain(en.helpTitle);
    expect(textOf(await say("anna", "sip help", "de-DE"))).toContain(sv.helpTitle);
    expect(textOf(await say("anna", "hmm", "en"))).toBe(en.notUnderstood);
    expect(textOf(await say("anna", "sip who", "en"))).toBe(en.missingRef("who"));
    expect(textOf(await say("anna", "sip vem"))).toBe(sv.missingRef("vem"));
  });

  // BUG (src/conversation/router.ts:82): handleAction picks `pickLocale(actor?.locale, incoming.locale)`,
  // so a staff member stored as "sv" (the demo directory's default) gets English replies to typed messages
  // (handleMessage, line 57, lets the client's locale win) but Swedish ones to button presses in the same
  // chat. Fix: use the same order as handleMessage.
  it("a button press answers in the same language as a typed message", async () => {
    expect(textOf(await say("anna", "sip klar 999", "en"))).toBe(en.commitmentProblem.commitmentNotFound);
    expect(textOf(await press("anna", "commitment.done", "999", undefined, "en"))).toBe(
      en.commitmentProblem.commitmentNotFound,
    );
  });
});

describe("a SIP between the municipality and the region", () => {
  let ref: string;

  it("anna creates a reference and registers hemtjänst", async () => {
    const created = textOf(await say("anna", `sip ny ${TEST_PNR}`));
    ref = refIn(created);
    expect(created).toBe(`${sv.personForIdentifier(ref)}\n${sv.identifierNotStored}`);
    const replies = await say("anna", `sip insats ${ref.toLowerCase()} hemtjänst`);
    expect(textOf(replies)).toBe(sv.effortRegistered(ref, "Hemtjänst", "kommunen"));
    expect(buttonsIn(replies)).toEqual([]);
  });

  // Knowing the reference is not enough: bo meets the person with the same personnummer first.
  it("bo cannot register on a reference he has only heard, but can once he has met it by personnummer", async () => {
    const before = await rowCounts(h);
    expect(textOf(await say("bo", `sip insats ${ref} psykiatrisk mottagning`))).toBe(sv.personNotFound(ref));
    expect(textOf(await say("bo", "sip insats K-ZZZZ psykiatrisk mottagning"))).toBe(
      sv.personNotFound("K-ZZZZ"),
    );
    // Only the refusal's audit row was written.
    expect(await rowCounts(h)).toEqual({ ...before, audit_event: (before.audit_event ?? 0) + 1 });
    expect(textOf(await say("bo", "sip ny 191212121212"))).toBe(
      `${sv.personForIdentifier(ref)}\n${sv.identifierNotStored}`,
    );
  });

  it("bo registers psykiatrisk mottagning and is offered to start a SIP; anna is told", async () => {
    const replies = await say("bo", `sip insats ${ref} psykiatrisk mottagning`);
    expect(textOf(replies)).toContain(sv.effortRegistered(ref, "Psykiatrisk öppenvård", "regionen"));
    expect(textOf(replies)).toContain(sv.suggestion(ref, "kommunen"));
    expect(buttonsIn(replies).map((b) => [b.actionId, b.value])).toEqual([
      ["sip.start", ref],
      ["sip.dismiss", ref],
    ]);
    expect(await outboxRows(h)).toContainEqual({
      recipient: "anna",
      status: "PENDING",
      kind: "sipSuggested",
      person_ref: ref,
    });
  });

  it("before consent, neither side sees the other's efforts", async () => {
    const who = textOf(await say("anna", `sip vem ${ref}`));
    expect(who).toContain("Hemtjänst");
    expect(who).not.toContain("Psykiatrisk");
    expect(who).toContain(sv.whoWithheld);
  });

  it("bo presses Start", async () => {
    const started = await press("bo", "sip.start", ref);
    expect(textOf(started)).toBe(sv.sipStarted(ref, sv.sipState.CONSENT_PENDING));
  });

  it("consent without options opens a form; submitting it records consent and moves the SIP on", async () => {
    const form = formIn(await say("bo", `sip samtycke ${ref}`));
    expect(form).toMatchObject({ actionId: "consent.submit", value: ref });
    expect(form.fields.map((f) => [f.id, f.required])).toEqual([
      ["principals", true],
      ["validTo", false],
      ["parties", false],
      ["exclusions", false],
      ["givenBy", true],
    ]);
    const replies = await press("bo", form.actionId, form.value, {
      principals: "REGION,MUNICIPALITY",
      validTo: "",
      parties: "",
      exclusions: "",
      givenBy: "PERSON",
    });
    expect(textOf(replies)).toBe(
      `${sv.consentRecorded(ref, "regionen, kommunen", "23 november 2027")} ${sv.consentMovedSip}`,
    );
    const rows = await h.db.runner.query<{ principals: string; valid_to: string }>(
      `SELECT c.principals::text AS principals, c.valid_to::text AS valid_to
         FROM consent c JOIN person p ON p.id = c.person_id WHERE p.ref = $1`,
      [ref],
    );
    expect(rows).toEqual([{ principals: "{REGION,MUNICIPALITY}", valid_to: "2027-11-23" }]);
  });

  it("now bo sees both principals", async () => {
    const replies = await say("bo", `sip vem ${ref}`);
    const text = textOf(replies);
    expect(text).toContain(sv.whoState(sv.sipState.CONSENTED));
    expect(text).toContain(`${sv.principal.MUNICIPALITY}:`);
    expect(text).toContain(`${sv.principal.REGION}:`);
    expect(text).toContain("Hemtjänst");
    expect(text).toContain("Psykiatrisk öppenvård");
    expect(text).not.toContain(sv.whoWithheld);
  });

  it("bo gives anna a commitment; anna sees it and marks it done with the button", async () => {
    const logged = textOf(await say("bo", `sip åtagande ${ref} @anna Utöka hemtjänsten senast fredag`));
    const n = Number(/#(\d+)/.exec(logged)?.[1]);
    expect(logged).toBe(
      sv.commitmentLogged(n, ref, "Anna Andersson (demo)", "Utöka hemtjänsten", "27 november 2026"),
    );
    expect(await outboxRows(h)).toContainEqual({
      recipient: "anna",
      status: "PENDING",
      kind: "commitmentAssigned",
      person_ref: ref,
    });
    const mine = await say("anna", "sip mina");
    const done = buttonsIn(mine).find((b) => b.value === String(n));
    expect(done?.actionId).toBe("commitment.done");
    expect(textOf(await press("anna", "commitment.done", String(n)))).toBe(sv.commitmentDone(n));
    expect(textOf(await press("anna", "commitment.done", String(n)))).toBe(sv.commitmentProblem.alreadyDone);
  });

  it("the plan gets its overall responsibility and follow-up; then consent is withdrawn", async () => {
    expect(textOf(await say("bo", `sip huvudansvar ${ref} kommun`))).toBe(sv.leadSet(ref, "kommunen"));
    expect(textOf(await say("anna", `sip uppföljning ${ref} 15 februari`))).toBe(
      sv.followUpSet(ref, "15 februari 2027"),
    );
    expect(textOf(await say("anna", `sip uppföljning ${ref} 2026-01-01`))).toBe(sv.dateInPast("2026-01-01"));
    expect(textOf(await say("anna", `sip återkalla ${ref}`))).toBe(sv.consentWithdrawn(ref));
    expect(await outboxRows(h)).toContainEqual({
      recipient: "bo",
      status: "PENDING",
      kind: "consentWithdrawn",
      person_ref: ref,
    });
    expect(textOf(await say("bo", `sip vem ${ref}`))).toContain(sv.whoWithheld);
  });

  it("an effort whose principal varies is answered with a choice, and the choice registers it", async () => {
    const other = await newRef();
    const replies = await say("anna", `sip insats ${other} personlig assistans`);
    expect(textOf(replies)).toBe(sv.principalUnclear("Personlig assistans"));
    const choice = buttonsIn(replies);
    expect(choice.map((b) => b.actionId)).toEqual([
      "effort.principal",
      "effort.principal",
      "effort.principal",
    ]);
    const municipality = choice.find((b) => b.label === sv.principal.MUNICIPALITY);
    expect(textOf(await press("anna", "effort.principal", municipality?.value ?? ""))).toBe(
      sv.effortRegistered(other, "Personlig assistans", "kommunen"),
    );
  });

  // BUG (src/conversation/failures.ts:45): "textTooLong" always maps to commitmentProblem.textTooLong ("the
  // description is too long"), also when recordConsent returns it for parties/exclusions; the consent
  // sentence consentProblem.textTooLong (src/conversation/texts-sv.ts:120) is never used. Fix: give the
  // consent case its own reason (e.g. "scopeTooLong") or pass the command to failureText.
  it("over-long consent text gets the consent sentence", async () => {
    const other = await newRef();
    await say("anna", `sip insats ${other} hemtjänst`);
    const reply = textOf(await say("anna", `sip samtycke ${other} region kommun parter ${"x".repeat(501)}`));
    expect(reply).toBe(sv.consentProblem.textTooLong);
  });
});

describe("free text", () => {
  it("understands 'who ... K-XXXX' in the middle of a sentence, and nothing else", async () => {
    const ref = await newRef();
    expect(textOf(await say("anna", `Vet du vem som har ${ref}?`))).toContain(sv.whoTitle(ref));
    expect(textOf(await say("anna", "Hej, hur mår du?"))).toBe(sv.notUnderstood);
  });

  // BUG (src/conversation/router.ts:64, handleMessage, with parseCommand): a sentence that starts with
  // "vem"/"who" is taken as the command `sip vem <ref>` and fails as badRef on its second word, so
  // freeText (line 71), written for exactly "who ... K-XXXX", never sees the most natural phrasing. Fix:
  // when the parse fails with badRef and the text did not start with "sip"/"/sip", fall back to freeText.
  it("'Vem ansvarar för K-XXXX?' is answered like `sip vem`", async () => {
    const ref = await newRef();
    expect(textOf(await say("anna", `Vem ansvarar för ${ref}?`))).toContain(sv.whoTitle(ref));
  });

  it("an over-long message is refused whole and stores nothing", async () => {
    const before = await rowCounts(h);
    expect(textOf(await say("anna", `sip ny ${"a".repeat(2000)}`))).toBe(sv.tooLong(2000));
    expect(textOf(await say("anna", "å".repeat(1024 * 1024)))).toBe(sv.tooLong(2000));
    expect(await rowCounts(h)).toEqual(before);
  });

  it("prototype keys as verbs or principals are answered, not thrown, and store nothing", async () => {
    const ref = await newRef();
    await say("anna", `sip insats ${ref} hemtjänst`);
    const before = await rowCounts(h);
    expect(textOf(await say("anna", `sip constructor ${ref}`))).toBe(sv.notUnderstood);
    expect(textOf(await say("anna", `sip __proto__ ${ref}`))).toBe(sv.notUnderstood);
    expect(textOf(await say("anna", `sip insats ${ref} hemtjänst constructor`))).toBe(
      sv.unknownEffort("hemtjänst constructor"),
    );
    expect(await rowCounts(h)).toEqual(before);
  });
});

describe("hostile actions change nothing", () => {
  let ref: string;
  beforeAll(async () => {
    ref = await newRef();
    await say("anna", `sip insats ${ref} hemtjänst`);
  });

  const cases: [string, string, () => string, Record<string, string>?][] = [
    ["unknown action id", "sip.nuke", () => ref],
    ["over-long value", "sip.start", () => `${ref}${" ".repeat(600)}`],
    ["start with a bad reference", "sip.start", () => "K-7F3I"],
    ["dismiss with a bad reference", "sip.dismiss", () => "<script>"],
    ["effort.principal, not JSON", "effort.principal", () => "{ref:"],
    ["effort.principal, JSON null", "effort.principal", () => "null"],
    ["effort.principal, a JSON string", "effort.principal", () => '"REGION"'],
    [
      "effort.principal, principal smuggled in __proto__",
      "effort.principal",
      () => `{"__proto__":{"principal":"REGION","x":1},"ref":"${ref}","effort":"hemtjanst"}`,
    ],
    [
      "effort.principal, constructor.prototype",
      "effort.principal",
      () =>
        `{"constructor":{"prototype":{"x":1}},"ref":"${ref}","effort":"hemtjanst","principal":"constructor"}`,
    ],
    [
      "effort.principal, unknown principal",
      "effort.principal",
      () => `{"ref":"${ref}","effort":"hemtjanst","principal":"STATE"}`,
    ],
    [
      "effort.principal, effort not a string",
      "effort.principal",
      () => `{"ref":"${ref}","effort":1,"principal":"REGION"}`,
    ],
    [
      "consent.submit, malformed date",
      "consent.submit",
      () => ref,
      { principals: "REGION,MUNICIPALITY", validTo: "2027-13-45" },
    ],
    [
      "consent.submit, a date phrase",
      "consent.submit",
      () => ref,
      { principals: "REGION,MUNICIPALITY", validTo: "30 juni 2027" },
    ],
    [
      "consent.submit, a timestamp",
      "consent.submit",
      () => ref,
      { principals: "REGION,MUNICIPALITY", validTo: "2027-06-30T00:00:00Z" },
    ],
    ["consent.submit, bad reference", "consent.submit", () => "K-", { principals: "REGION,MUNICIPALITY" }],
    ["commitment.done 0", "commitment.done", () => "0"],
    ["commitment.done -1", "commitment.done", () => "-1"],
    ["commitment.done abc", "commitment.done", () => "abc"],
    ["commitment.done empty", "commitment.done", () => ""],
    ["commitment.done 1e99", "commitment.done", () => "1e99"],
  ];

  it.each(cases)("%s", async (_, actionId, value, form) => {
    const before = await rowCounts(h);
    expect(textOf(await press("anna", actionId, value(), form))).toBe(sv.notUnderstood);
    expect(await rowCounts(h)).toEqual(before);
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });

  it("commitment.done 1e3 is not a number a button carries, and is answered kindly", async () => {
    const before = await rowCounts(h);
    expect(textOf(await press("anna", "commitment.done", "1e3"))).toBe(sv.notUnderstood);
    expect(await rowCounts(h)).toEqual(before);
  });

  it("a consent form whose fields hide in __proto__ records nothing", async () => {
    const before = await rowCounts(h);
    const form = JSON.parse('{"__proto__":{"principals":"REGION,MUNICIPALITY"}}') as Record<string, string>;
    expect(textOf(await press("anna", "consent.submit", ref, form))).toBe(sv.consentProblem.tooFewPrincipals);
    expect(await rowCounts(h)).toEqual(before);
  });
});
