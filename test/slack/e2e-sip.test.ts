import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { limitProblems, type SlackBlock } from "../../adapters/slack/block-limits.ts";
import { sv } from "../../src/conversation/texts-sv.ts";
import { leakForms, nextGeneratedId, refIn } from "../conversation/harness.ts";
import { TEAM } from "./fake-slack.ts";
import {
  buttons,
  countRows,
  dmEvent,
  lastModal,
  openSlackHarness,
  press,
  sendEvent,
  type SlackHarness,
  shownTo,
  slash,
  submit,
} from "./slack-harness.ts";

// The SIP flow of the issue through Slack payloads alone: two people of different principals register at
// first contact (modal), an operator approves them, both register efforts for one person, the suggestion
// arrives with buttons, the SIP is started, consent is recorded in a modal, a commitment is logged for a
// colleague (mentioned the Slack way), delivered to them through the outbox, marked done by a button, and
// "/sip vem" shows the plan. Every message and modal is checked against Block Kit's limits on the way.

const ANNA = "U0ANNA001"; // Hemtjänst Norr: the municipality
const BO = "U0BO00001"; // Psykiatrisk öppenvård: the region
let h: SlackHarness;
let id = "";
let ref = "";

beforeAll(async () => {
  h = await openSlackHarness();
});
afterAll(async () => {
  await h?.close();
});

function checkLimits(): void {
  for (const m of h.fake.shown()) expect(limitProblems(m.blocks as SlackBlock[]), m.text).toEqual([]);
  for (const c of h.fake.of("views.open")) {
    const view = c.params.view as { blocks: SlackBlock[]; title: { text: string }; private_metadata: string };
    expect(limitProblems(view.blocks, 100)).toEqual([]);
    expect(view.title.text.length).toBeLessThanOrEqual(24);
    expect(view.private_metadata.length).toBeLessThanOrEqual(3000);
  }
}

function lastButton(prefix: string): { action_id: string; value: string } {
  const b = buttons(h)
    .filter((x) => x.action_id.startsWith(`${prefix}~`))
    .at(-1);
  if (b === undefined) throw new Error(`no ${prefix} button shown`);
  return b;
}

async function register(user: string, name: string, handle: string, unit: string): Promise<void> {
  h.fake.clear();
  await slash(h, user, "hjälp");
  // Unknown: the first-contact question, as a modal opened with the command's trigger.
  expect(shownTo(h, user)).toContain(sv.unknownUser);
  const modal = lastModal(h);
  expect(modal.callback_id).toBe("sip.form");
  await submit(h, user, modal, { displayName: name, handle, unit });
  expect(shownTo(h, user)).toContain(sv.registeredPending(name, unit));
  // Nothing about persons until an operator approves.
  h.fake.clear();
  await slash(h, user, "ny");
  expect(shownTo(h, user)).toContain(sv.awaitingApproval);
  expect(await h.runtime.deps.store.approveStaff(handle, new Date())).toBe(true);
}

describe("the SIP flow through Slack", () => {
  it("runs from first contact to /sip vem", async () => {
    await register(ANNA, "Anna Slack", "annas", "Hemtjänst Norr (demo)");
    await register(BO, "Bo Slack", "bos", "Psykiatrisk öppenvård (demo)");
    const identities = await h.runtime.db.runner.query<{ tenant: string }>(
      "SELECT tenant FROM staff_identity WHERE platform = 'slack'",
    );
    expect(identities.map((i) => i.tenant)).toEqual([TEAM, TEAM]);

    // Both meet the person by the same identifier, in their DMs with the bot.
    id = nextGeneratedId();
    h.fake.clear();
    await sendEvent(h, dmEvent(ANNA, `sip ny ${id}`));
    ref = refIn(shownTo(h, ANNA));
    await sendEvent(h, dmEvent(BO, `sip ny ${id}`));
    expect(shownTo(h, BO)).toContain(ref);

    await slash(h, ANNA, `insats ${ref} hemtjänst`);
    h.fake.clear();
    await slash(h, BO, `insats ${ref} psykiatrisk mottagning`);
    expect(shownTo(h, BO)).toContain(sv.startButton);
    const start = lastButton("sip.start");

    // Anna hears of the suggestion through the outbox, in her DM, with the same buttons.
    h.fake.clear();
    expect(await h.mount.delivery.pass()).toMatchObject({ sent: 1 });
    expect(shownTo(h, ANNA)).toContain(ref);
    const delivered = await h.runtime.db.runner.query<{ platform_ref: string; status: string }>(
      "SELECT platform_ref, status FROM outbox_message",
    );
    expect(delivered).toEqual([
      { platform_ref: expect.stringMatching(/^\d+\.\d+$/) as string, status: "SENT" },
    ]);
    // A second pass sends nothing again.
    h.fake.clear();
    expect(await h.mount.delivery.pass()).toEqual({ sent: 0, kept: 0 });
    expect(h.fake.of("chat.postMessage")).toEqual([]);

    // Bo starts the SIP with the button in his answer.
    await press(h, BO, start);
    expect(shownTo(h, BO)).toContain(sv.sipStarted(ref, sv.sipState.CONSENT_PENDING));

    // Consent in a modal: the command opens it, the submission records it.
    h.fake.clear();
    await slash(h, BO, `samtycke ${ref}`);
    const consent = lastModal(h);
    await submit(h, BO, consent, {
      principals: ["MUNICIPALITY", "REGION"],
      givenBy: "PERSON",
      validTo: "2027-06-30",
    });
    expect(shownTo(h, BO)).toContain(`Samtycke registrerat för ${ref}`.slice(0, 10));
    const consents = await h.runtime.db.runner.query<{ n: number }>("SELECT count(*)::int AS n FROM consent");
    expect(consents[0]?.n).toBe(1);

    // Anna logs a commitment for Bo, mentioning him the way Slack escapes a mention in a command.
    h.fake.clear();
    await slash(h, ANNA, `åtagande ${ref} <@${BO}|bo> Boka tid hos psykiatrin senast 2026-12-18`);
    expect(shownTo(h, ANNA)).toMatch(/#\d+/);
    const number = /#(\d+)/.exec(shownTo(h, ANNA))?.[1] ?? "";
    h.fake.clear();
    await h.mount.delivery.pass();
    expect(shownTo(h, BO)).toContain("Boka tid hos psykiatrin");
    await press(h, BO, lastButton("commitment.done"));
    expect(shownTo(h, BO)).toContain(sv.commitmentDone(Number(number)));

    // And "who is responsible for what", now that consent lets both principals see it.
    h.fake.clear();
    await slash(h, ANNA, `vem ${ref}`);
    const who = shownTo(h, ANNA);
    expect(who).toContain(sv.whoTitle(ref));
    expect(who).toContain("Boka tid hos psykiatrin");
    checkLimits();
  });

  it("logs a commitment through the modal with Slack's people and date pickers", async () => {
    expect(ref).not.toBe("");
    h.fake.clear();
    await slash(h, ANNA, `åtagande ${ref}`);
    const modal = lastModal(h);
    expect(modal.callback_id).toBe("sip.commit");
    // Neither a colleague nor another owner: Slack is told to keep the modal open with the field marked.
    const missing = await submit(h, ANNA, modal, { what: "Ordna hemtjänst" });
    expect(JSON.parse(missing.body)).toEqual({
      response_action: "errors",
      errors: { owner: expect.any(String) as string },
    });
    expect(await countRows(h, "commitment")).toBe(1);

    await submit(h, ANNA, modal, { what: "Kalla till uppföljning", owner: BO, due: "2027-01-29" });
    expect(await countRows(h, "commitment")).toBe(2);
    const rows = await h.runtime.db.runner.query<{ what: string; due_date: string }>(
      "SELECT what, to_char(due_date, 'YYYY-MM-DD') AS due_date FROM commitment ORDER BY created_at DESC LIMIT 1",
    );
    expect(rows[0]).toEqual({ what: "Kalla till uppföljning", due_date: "2027-01-29" });

    await submit(h, ANNA, modal, { what: "Följa med på besöket", ownerOther: "den enskilde" });
    expect(await countRows(h, "commitment")).toBe(3);

    // A colleague who has never used the bot cannot own a commitment: said plainly, nothing logged.
    h.fake.clear();
    await submit(h, ANNA, modal, { what: "Ringa", owner: "U0STRANGER" });
    expect(shownTo(h, ANNA)).toContain("använder inte SIP-assistenten");
    expect(await countRows(h, "commitment")).toBe(3);
    checkLimits();
  });

  it("never echoed the identifier, in any form, in anything it sent to Slack", () => {
    expect(id).not.toBe("");
    const everything = JSON.stringify(h.fake.log.map((c) => c.params));
    expect(h.fake.log.length).toBeGreaterThan(20);
    for (const form of leakForms(id)) expect(everything).not.toContain(form);
  });
});
