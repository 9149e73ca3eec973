// ConsoleSession against the real store: several people in one terminal, numbered buttons, forms asked one
// field at a time, and notifications delivered to console users only.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConsoleSession } from "../../adapters/console/console-session.ts";
import { registerEffort } from "../../src/app/efforts.ts";
import { createPerson } from "../../src/app/persons.ts";
import { en } from "../../src/conversation/texts-en.ts";
import { sv } from "../../src/conversation/texts-sv.ts";
import { parseSwedishId } from "../../src/domain/personnummer.ts";
import {
  type Harness,
  NOW,
  nextGeneratedId,
  openHarness,
  outboxRows,
  refIn,
} from "../conversation/harness.ts";

let h: Harness;
beforeAll(async () => {
  h = await openHarness();
});
afterAll(async () => {
  await h.close();
});

/** A session whose printed lines the test reads; `since()` gives what the latest line(s) printed. */
function session(user = "anna", locale?: string) {
  const printed: string[] = [];
  let mark = 0;
  const s = new ConsoleSession({
    deps: h.deps,
    user,
    tty: false,
    print: (l) => printed.push(l),
    ...(locale !== undefined && { locale }),
  });
  return {
    s,
    printed,
    /** Types one line and returns what it printed. */
    async type(line: string): Promise<string[]> {
      mark = printed.length;
      await s.line(line);
      return printed.slice(mark);
    },
  };
}

async function newRef(c: ReturnType<typeof session>): Promise<string> {
  return refIn((await c.type("sip ny")).join("\n"));
}

/**
 * anna creates a reference with a fresh generated personnummer, and bo meets it with the same number, so
 * that both may register efforts for the person. The session's speaker is bo afterwards.
 */
async function sharedRef(c: ReturnType<typeof session>): Promise<string> {
  const id = nextGeneratedId();
  const ref = refIn((await c.type(`@anna: sip ny ${id}`)).join("\n"));
  expect(await c.type(`@bo: sip ny ${id}`)).toEqual([
    sv.personForIdentifier(ref).replaceAll("*", ""),
    sv.identifierNotStored,
  ]);
  return ref;
}

describe("speakers and buttons", () => {
  it("'@bo: text' switches the speaker until the next switch; comments and empty lines are ignored", async () => {
    const c = session("Anna");
    expect(c.s.currentUser).toBe("anna");
    const ref = await sharedRef(c);
    await c.type("@anna:");
    expect(c.s.currentUser).toBe("anna");
    expect(await c.type(`@bo: sip insats ${ref} vårdcentral`)).toEqual([
      sv.effortRegistered(ref, "Primärvård", "regionen").replaceAll("*", ""),
    ]);
    expect(c.s.currentUser).toBe("bo");
    expect(await c.type("# a comment")).toEqual([]);
    expect(await c.type("   ")).toEqual([]);
    expect(await c.type("@david:")).toEqual([]);
    expect(c.s.currentUser).toBe("david");
    expect((await c.type("sip hjälp"))[0]).toBe(sv.helpTitle);
  });

  it("'!n' presses button n of the speaker's latest reply; a missing button gets a kind message", async () => {
    const c = session();
    const ref = await sharedRef(c);
    await c.type(`@anna: sip insats ${ref} hemtjänst`);
    const offered = await c.type(`@bo: sip insats ${ref} psykiatrisk mottagning`);
    expect(offered).toContain(`  [1] ${sv.startButton}`);
    expect(offered).toContain(`  [2] ${sv.dismissButton}`);
    expect(await c.type("!9")).toEqual(["(bo) Det finns ingen knapp 9."]);
    expect(await c.type("@eva: !1")).toEqual(["(eva) Det finns ingen knapp 1."]);
    expect((await c.type("@bo: !1"))[0]).toBe(sv.sipStarted(ref, sv.sipState.CONSENT_PENDING));
  });

  it("speaks English when started in English", async () => {
    const c = session("anna", "en");
    expect((await c.type("sip help"))[0]).toBe(en.helpTitle);
    expect(await c.type("!3")).toEqual(["(anna) There is no button 3."]);
  });
});

describe("forms", () => {
  it("asks the consent form field by field, re-asks a wrong answer, and submits", async () => {
    const c = session();
    const ref = await sharedRef(c);
    await c.type(`@anna: sip insats ${ref} hemtjänst`);
    await c.type(`@bo: sip insats ${ref} psykiatrisk mottagning`);
    await c.type("!1");

    expect(await c.type(`sip samtycke ${ref}`)).toEqual([
      `  ${sv.consentFormTitle(ref)}`,
      `  ? ${sv.consentPrincipals}`,
      "    1) Kommun",
      "    2) Region",
      "    3) Övriga",
      "    (flera: 1,2)",
    ]);
    expect(await c.type("1,7")).toEqual([
      "  Svaret passar inte. Försök igen, eller skriv avbryt.",
      `  ? ${sv.consentPrincipals}`,
      "    1) Kommun",
      "    2) Region",
      "    3) Övriga",
      "    (flera: 1,2)",
    ]);
    expect(await c.type("1, 2")).toEqual([`  ? ${sv.consentValidTo} (valfritt: tom rad eller -)`]);
    expect((await c.type("till sommaren"))[0]).toBe("  Svaret passar inte. Försök igen, eller skriv avbryt.");
    expect(await c.type("30 juni 2027")).toEqual([`  ? ${sv.consentParties} (valfritt: tom rad eller -)`]);
    expect(await c.type("-")).toEqual([`  ? ${sv.consentExclusions} (valfritt: tom rad eller -)`]);
    expect(await c.type("-")).toEqual([
      `  ? ${sv.consentGivenBy}`,
      `    1) ${sv.givenBy.PERSON}`,
      `    2) ${sv.givenBy.GUARDIAN}`,
      `    3) ${sv.givenBy.LEGAL_REPRESENTATIVE}`,
    ]);
    // A required select does not take "-", nor two answers.
    expect((await c.type("-"))[0]).toBe("  Svaret passar inte. Försök igen, eller skriv avbryt.");
    expect((await c.type("1,2"))[0]).toBe("  Svaret passar inte. Försök igen, eller skriv avbryt.");
    expect(await c.type("2")).toEqual([
      `${sv.consentRecorded(ref, "kommunen, regionen", "30 juni 2027")} ${sv.consentMovedSip}`,
      `  [1] ${sv.scheduling.findTimeButton}`, // the next step: finding a time for the meeting
    ]);
    const rows = await h.db.runner.query(
      `SELECT c.principals::text AS principals, c.valid_to::text AS valid_to, c.given_by, c.parties, c.exclusions
         FROM consent c JOIN person p ON p.id = c.person_id WHERE p.ref = $1`,
      [ref],
    );
    expect(rows).toEqual([
      {
        principals: "{MUNICIPALITY,REGION}",
        valid_to: "2027-06-30",
        given_by: "GUARDIAN",
        parties: null,
        exclusions: null,
      },
    ]);
    // The form is closed: the next line is a message again.
    expect((await c.type(`sip vem ${ref}`))[0]).toBe(sv.whoTitle(ref));
  });

  it("'avbryt' cancels a form and nothing is submitted", async () => {
    const c = session();
    const ref = await newRef(c);
    await c.type(`sip insats ${ref} hemtjänst`);
    await c.type(`sip samtycke ${ref}`);
    await c.type("1,2");
    expect(await c.type("AVBRYT")).toEqual(["  (avbrutet)"]);
    const [row] = await h.db.runner.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM consent c JOIN person p ON p.id = c.person_id WHERE p.ref = $1",
      [ref],
    );
    expect(row?.n).toBe(0);
    expect((await c.type("sip hjälp"))[0]).toBe(sv.helpTitle);
  });

  it("a form belongs to its speaker: another user's lines are not answers", async () => {
    const c = session();
    const ref = await newRef(c);
    await c.type(`sip insats ${ref} hemtjänst`);
    await c.type(`sip samtycke ${ref}`);
    expect((await c.type("@eva: sip hjälp"))[0]).toBe(sv.helpTitle);
    expect(await c.type("@anna: avbryt")).toEqual(["  (avbrutet)"]);
  });

  it("registers an unknown console user through the form, in English with 'cancel' understood", async () => {
    const c = session("frida", "en");
    const asked = await c.type("hello");
    expect(asked[0]).toBe(en.unknownUser);
    expect(asked).toContain(`  ? ${en.registerName}`);
    expect(await c.type("Frida Fors (test)")).toEqual([`  ? ${en.registerHandle}`]);
    expect(await c.type("frida")).toEqual([
      `  ? ${en.registerUnit}`,
      "    1) Biståndsenheten (demo) (Municipality)",
      "    2) Hemtjänst Norr (demo) (Municipality)",
      "    3) Psykiatrisk öppenvård (demo) (Region)",
      "    4) Vårdcentralen Centrum (demo) (Region)",
    ]);
    expect((await c.type("5"))[0]).toBe("  That answer does not fit. Try again, or type cancel.");
    expect(await c.type("4")).toEqual([
      en.registered("Frida Fors (test)", "Vårdcentralen Centrum (demo)").replaceAll("`", ""),
    ]);
    expect((await c.type("sip help"))[0]).toBe(en.helpTitle);

    const g = session("gustav", "en");
    await g.type("hi");
    expect(await g.type("cancel")).toEqual(["  (cancelled)"]);
    expect((await g.type("hi"))[0]).toBe(en.unknownUser);
  });
});

describe("notifications", () => {
  it("reach other console users with '→ @name:', and their buttons work; the outbox row is SENT", async () => {
    const c = session();
    const ref = await sharedRef(c);
    await c.type(`@anna: sip insats ${ref} hemtjänst`);
    const lines = await c.type(`@bo: sip insats ${ref} psykiatrisk mottagning`);
    const at = lines.indexOf("→ @anna:");
    expect(at).toBeGreaterThan(0);
    expect(lines.slice(at + 1)).toEqual([
      sv.suggestion(ref, "regionen"),
      `  [1] ${sv.startButton}`,
      `  [2] ${sv.dismissButton}`,
    ]);
    expect((await outboxRows(h)).filter((r) => r.person_ref === ref)).toEqual([
      { recipient: "anna", status: "SENT", kind: "sipSuggested", person_ref: ref },
    ]);
    // anna's latest reply is now the notification: her "!1" starts the SIP.
    expect((await c.type("@anna: !1"))[0]).toBe(sv.sipStarted(ref, sv.sipState.CONSENT_PENDING));
  });

  it("are left PENDING for staff with no console identity", async () => {
    const unit = await h.store.findUnitByName("Vårdcentralen Centrum (demo)");
    const sigrid = await h.store.createStaff({
      handle: "sigrid",
      displayName: "Sigrid (test)",
      principal: "REGION",
      role: "STAFF",
      unitId: unit?.id ?? null,
      locale: "sv",
    });
    await h.store.linkIdentity(sigrid.id, "slack", "T1", "U1");
    const c = session();
    const id = nextGeneratedId();
    const ref = refIn((await c.type(`sip ny ${id}`)).join("\n"));
    // sigrid (Slack only) meets the same reference with the same number, then registers.
    const met = await createPerson(h.deps, sigrid, parseSwedishId(id, new Date(NOW)));
    expect(met).toEqual({ ok: true, value: { ref, matched: true } });
    const registered = await registerEffort(h.deps, sigrid, { ref, effort: "vårdcentral" });
    expect(registered.ok).toBe(true);
    const lines = await c.type(`sip insats ${ref} hemtjänst`);
    expect(lines.join("\n")).toContain(sv.suggestion(ref, "regionen"));
    expect(lines.some((l) => l.startsWith("→"))).toBe(false);
    expect((await outboxRows(h)).filter((r) => r.person_ref === ref)).toEqual([
      { recipient: "sigrid", status: "PENDING", kind: "sipSuggested", person_ref: ref },
    ]);
    await c.s.deliverOutbox();
    expect((await outboxRows(h)).find((r) => r.person_ref === ref)?.status).toBe("PENDING");
  });
});
