// The follow-through commands and buttons in the conversation: `sip sammanfattning`, `sip plan`, and
// snooze / hand-over / move from a reminder; parsing of hostile input; every new notification rendered in
// both languages.
import { describe, expect, it } from "vitest";
import { addCommitment } from "../../src/app/commitments.ts";
import { recordConsent } from "../../src/app/consents.ts";
import type { Notification } from "../../src/app/notifications.ts";
import { startSip } from "../../src/app/sips.ts";
import { parseCommand } from "../../src/conversation/commands.ts";
import type { Incoming, Reply } from "../../src/conversation/message.ts";
import { renderNotification } from "../../src/conversation/notify.ts";
import { handleAction, handleMessage } from "../../src/conversation/router.ts";
import { expectOk, harnessForThisFile, personWithBothPrincipals } from "./harness.ts";

const h = await harnessForThisFile();
const as = (userId: string, locale?: string): Incoming => ({
  user: { platform: "console", tenant: "local", userId },
  conversation: "direct",
  ...(locale !== undefined && { locale }),
});
const text = (r: Reply[]) => r.map((x) => x.text).join("\n");
const say = async (who: string, line: string) => text(await handleMessage(h.deps, as(who), line));

async function commitmentForAnna(): Promise<{ ref: string; number: number }> {
  const ref = await personWithBothPrincipals(h);
  expectOk(await startSip(h.deps, h.staff.bo, ref));
  expectOk(await recordConsent(h.deps, h.staff.anna, { ref, principals: ["REGION", "MUNICIPALITY"] }));
  const c = expectOk(
    await addCommitment(h.deps, h.staff.bo, {
      ref,
      owner: { kind: "staff", handle: "anna" },
      what: "Ansök om boendestöd",
      dueDate: "2026-11-25",
    }),
  );
  return { ref, number: c.number };
}

describe("sip sammanfattning / digest", () => {
  it("gives a manager their unit's digest, and explains to others why not", async () => {
    expect(await say("cecilia", "sip sammanfattning")).toContain(
      "Veckosammanfattning för Hemtjänst Norr (demo), vecka 47",
    );
    expect(await say("cecilia", "sip digest 46")).toContain("vecka 46 (9 november 2026–15 november 2026)");
    expect(await say("anna", "sip sammanfattning")).toContain("Sammanfattningen är till för chefer");
    expect(await say("cecilia", 'sip sammanfattning "Psykiatrisk öppenvård (demo)"')).toContain(
      "din egen enhet",
    );
    expect(await say("cecilia", "sip sammanfattning 99")).toContain("Veckan kunde inte tolkas");
  });
});

describe("sip plan", () => {
  it("hands over the plan as an HTML file, and is refused for unknown references", async () => {
    const { ref } = await commitmentForAnna();
    const replies = await handleMessage(h.deps, as("anna"), `sip plan ${ref}`);
    const file = replies.flatMap((r) => r.blocks).find((b) => b.type === "file");
    expect(file?.type === "file" && file.file.filename).toBe(`plan-${ref}.html`);
    expect(file?.type === "file" && file.file.content).toContain("Vem gör vad, och när");
    expect(await say("anna", "sip plan K-ZZZZ")).toContain("K-ZZZZ");
    expect(await say("anna", "sip plan")).not.toContain("Planen för");
  });
});

describe("from a reminder", () => {
  it("snoozes a week, opens the hand-over form, and hands over to a colleague", async () => {
    const { number } = await commitmentForAnna();
    const snoozed = text(
      await handleAction(h.deps, as("anna"), { actionId: "commitment.snooze", value: String(number) }),
    );
    expect(snoozed).toContain(`Påminnelsen om åtagande ${number} är uppskjuten till 30 november 2026.`);
    const form = await handleAction(h.deps, as("anna"), {
      actionId: "commitment.reassign",
      value: String(number),
    });
    expect(form[0]?.blocks[0]?.type).toBe("form");
    const done = text(
      await handleAction(h.deps, as("anna"), {
        actionId: "commitment.reassign.submit",
        value: String(number),
        form: { handle: "@eva" },
      }),
    );
    expect(done).toContain(`Åtagande ${number} är överlämnat till Eva Ek (demo).`);
    expect(await say("eva", `sip flytta ${number} till 4 december`)).toContain("4 december 2026");
    expect(await say("eva", `sip överlåt ${number} @david`)).toContain("samma huvudman");
  });

  it("turns hostile or malformed button values into 'not understood', storing nothing", async () => {
    const { number } = await commitmentForAnna();
    const before = await h.db.runner.query("SELECT count(*)::int AS n FROM commitment_history");
    for (const value of ["1".repeat(30), "abc", "-1", "0", "1e3", `${number};DROP`, ""]) {
      const r = text(await handleAction(h.deps, as("anna"), { actionId: "commitment.snooze", value }));
      expect(r).toContain("förstod");
    }
    const long = text(
      await handleAction(h.deps, as("anna"), {
        actionId: "commitment.reassign.submit",
        value: String(number),
        form: { handle: "x".repeat(5000) },
      }),
    );
    expect(long).not.toContain("överlämnat");
    expect(await h.db.runner.query("SELECT count(*)::int AS n FROM commitment_history")).toEqual(before);
  });
});

describe("parsing", () => {
  const parse = (s: string) => parseCommand(s, "2026-11-23");
  it("reads the follow-through commands and reports what is missing", () => {
    expect(parse("sip snooza 12 till fredag")).toEqual({
      ok: true,
      command: { name: "followThrough", command: { name: "snooze", number: 12, until: "2026-11-27" } },
    });
    expect(parse("sip snooze #7")).toMatchObject({
      ok: true,
      command: { command: { name: "snooze", number: 7, until: null } },
    });
    expect(parse("sip överlåt 12 @eva")).toMatchObject({
      ok: true,
      command: { command: { name: "reassign", handle: "eva" } },
    });
    expect(parse('sip sammanfattning "Hemtjänst Norr (demo)" 2026-W47')).toMatchObject({
      ok: true,
      command: { command: { name: "digest", unit: "Hemtjänst Norr (demo)", week: "2026-W47" } },
    });
    expect(parse("sip snooza")).toMatchObject({ ok: false, problem: "badNumber" });
    expect(parse("sip flytta 12")).toMatchObject({ ok: false, problem: "missingArgument" });
    expect(parse("sip flytta 12 till blabla")).toMatchObject({ ok: false, problem: "badDate" });
    expect(parse("sip plan")).toMatchObject({ ok: false, problem: "missingRef" });
    expect(parse("sip mål K-7F3Q")).toMatchObject({ ok: false, problem: "missingArgument" });
    expect(parse("sip mål K-7F3Q Att kunna bo kvar hemma")).toMatchObject({
      ok: true,
      command: { command: { name: "goal", ref: "K-7F3Q", text: "Att kunna bo kvar hemma" } },
    });
    expect(parse("sip plan <script>")).toMatchObject({ ok: false, problem: "badRef" });
    expect(parse(`sip sammanfattning ${"x".repeat(3000)}`)).toMatchObject({ ok: false, problem: "tooLong" });
    expect(parse("sip överlåt 99999999999999999999 @eva")).toMatchObject({ ok: false, problem: "badNumber" });
  });
});

describe("the new notifications", () => {
  const base = { personRef: "K-7F3Q", number: 12, what: "Ringa FK", dueDate: "2026-10-26" };
  const notes: Notification[] = [
    { kind: "commitmentReminder", ...base, when: "before" },
    { kind: "commitmentReminder", ...base, when: "due" },
    { kind: "commitmentReminder", ...base, when: "snoozed" },
    { kind: "commitmentOverdue", ...base, role: "owner", ownerName: null },
    { kind: "commitmentOverdue", ...base, role: "coordinator", ownerName: "Anna" },
    {
      kind: "commitmentChanged",
      personRef: "K-7F3Q",
      number: 12,
      what: "Ringa FK",
      change: "owner",
      role: "oldOwner",
      fromName: "Anna",
      toName: "Eva",
      oldDue: null,
      newDue: null,
      byName: "Bo",
    },
    {
      kind: "commitmentChanged",
      personRef: "K-7F3Q",
      number: 12,
      what: "Ringa FK",
      change: "owner",
      role: "newOwner",
      fromName: "Anna",
      toName: "Eva",
      oldDue: null,
      newDue: "2026-12-01",
      byName: "Bo",
    },
    {
      kind: "commitmentChanged",
      personRef: "K-7F3Q",
      number: 12,
      what: "Ringa FK",
      change: "due",
      role: "owner",
      fromName: null,
      toName: null,
      oldDue: "2026-11-20",
      newDue: "2026-12-01",
      byName: "Bo",
    },
    {
      kind: "followUpReminder",
      personRef: "K-7F3Q",
      followUpDate: "2027-02-15",
      open: [
        { number: 3, what: null, dueDate: null, principal: "REGION" },
        { number: 4, what: "Boka", dueDate: "2027-01-10", principal: "MUNICIPALITY" },
      ],
    },
  ];
  it("render in Swedish and English, with the reminder's three buttons for the owner", () => {
    for (const n of notes) {
      const sv = renderNotification(n, "sv");
      const en = renderNotification(n, "en");
      expect(sv?.text, n.kind).toBeTruthy();
      expect(en?.text, n.kind).toBeTruthy();
      expect(sv?.text).not.toBe(en?.text);
      expect(sv?.text).toContain("K-7F3Q");
    }
    const reminder = renderNotification(notes[0], "sv");
    const buttons = reminder?.blocks.flatMap((b) =>
      b.type === "buttons" ? b.buttons.map((x) => x.actionId) : [],
    );
    expect(buttons).toEqual(["commitment.done", "commitment.snooze", "commitment.reassign"]);
    expect(renderNotification(notes[0], "sv")?.text).toBe(
      "Påminnelse: åtagande 12 för K-7F3Q – ”Ringa FK” – ska vara klart senast 26 oktober 2026.",
    );
  });

  it("skips altered payloads instead of rendering them half-filled", () => {
    expect(renderNotification({ ...notes[0], when: "later" }, "sv")).toBeNull();
    expect(renderNotification({ ...notes[0], personRef: "Anna Andersson" }, "sv")).toBeNull();
    expect(renderNotification({ ...notes[0], what: "x".repeat(1001) }, "sv")).toBeNull();
    expect(
      renderNotification(
        {
          ...notes[8],
          open: Array.from({ length: 101 }, () => ({
            number: 1,
            what: null,
            dueDate: null,
            principal: "REGION",
          })),
        },
        "sv",
      ),
    ).toBeNull();
  });
});
