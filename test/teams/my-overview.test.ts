// `sip mina` in Teams: one message whose Adaptive Card (≤ 1.5) holds my commitments, my open SIPs and the
// poll waiting for my answer, with an Action.Execute that opens the poll.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openPoll } from "../../src/app/scheduling-polls.ts";
import { nextGeneratedId, refIn } from "../conversation/harness.ts";
import { schedulingPorts } from "../app/scheduling-harness.ts";
import { personalMessage } from "./activities.ts";
import { cardOf, executeActions, visibleText } from "./card-check.ts";
import { openTeamsHarness, type TeamsHarness } from "./harness.ts";

let h: TeamsHarness;
beforeAll(async () => {
  h = await openTeamsHarness();
});
afterAll(() => h.close());

const at = () => ({ serviceUrl: h.connector.serviceUrl });
const lastTo = (chatId: string) => h.connector.messagesTo(chatId).at(-1) ?? {};
const textOf = (a: Record<string, unknown>) =>
  typeof a.text === "string" ? a.text : visibleText(a.attachments);

describe("sip mina in Teams", () => {
  it("shows the open SIP and the poll waiting for bo's answer in one valid card", async () => {
    const anna = h.user("anna");
    const bo = h.user("bo");
    const id = nextGeneratedId();
    await h.post(personalMessage(anna, `sip ny ${id}`, at()));
    const ref = refIn(textOf(lastTo(anna.chatId)));
    await h.post(personalMessage(anna, `sip insats ${ref} hemtjänst`, at()));
    await h.post(personalMessage(bo, `sip ny ${id}`, at()));
    await h.post(personalMessage(bo, `sip insats ${ref} psykiatrisk öppenvård`, at()));
    await h.post(personalMessage(anna, `sip starta ${ref}`, at()));
    await h.post(personalMessage(anna, `sip samtycke ${ref} region kommun`, at()));
    const annaStaff = await h.deps.store.findStaffByHandle("anna");
    if (annaStaff === null) throw new Error("no anna");
    const opened = await openPoll({ ...h.deps, scheduling: schedulingPorts() }, annaStaff, {
      ref,
      participants: [{ handle: "@bo", required: true }],
      place: "Rådhuset",
    });
    if (!opened.ok) throw new Error(opened.reason);

    const before = h.connector.messagesTo(bo.chatId).length;
    await h.post(personalMessage(bo, "sip mina", at()));
    const messages = h.connector.messagesTo(bo.chatId);
    expect(messages).toHaveLength(before + 1);
    const card = cardOf(lastTo(bo.chatId));
    const text = visibleText(card);
    expect(text).toContain("Mina pågående SIP:ar");
    expect(text).toContain(ref);
    expect(text).toContain("Mötesförfrågningar som väntar på ditt svar");
    expect(text).toContain("svara senast 26 november 2026 (Europe/Stockholm)");
    const answer = executeActions(card).find((a) => a.title === `Svara ${ref}`);
    expect(answer?.verb).toBe("poll.show");
    expect(answer?.data).toMatchObject({ sipValue: opened.value.poll.id });
  }, 60_000);
});
