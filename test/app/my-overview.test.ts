// "My overview" (App Home, `sip mina`): the open SIPs a staff member takes part in, with state and next
// step, and the polls still waiting for their answer; never a plan that is over, never someone else's, and
// every person shown is audited.
import { describe, expect, it } from "vitest";
import { withdrawConsent } from "../../src/app/consents.ts";
import { myOverview } from "../../src/app/my-overview.ts";
import { openPoll } from "../../src/app/scheduling-polls.ts";
import { answerPoll } from "../../src/app/scheduling-votes.ts";
import { startSip, updatePlan } from "../../src/app/sips.ts";
import { auditOf, expectOk, harnessForThisFile, personWithBothPrincipals } from "./harness.ts";
import { consentedSip, withScheduling } from "./scheduling-harness.ts";

const h = await harnessForThisFile();
const deps = withScheduling(h);

async function pollFor(ref: string) {
  const opened = await openPoll(deps, h.staff.anna, {
    ref,
    participants: [
      { handle: "@bo", required: true },
      { label: "personen själv", required: true },
    ],
    place: "Rådhuset, rum 3",
  });
  return expectOk(opened).poll;
}

describe("myOverview", () => {
  it("lists the initiator's consented SIP with its next step, and nothing for staff not taking part", async () => {
    const ref = await consentedSip(h);
    const anna = await myOverview(deps, h.staff.anna);
    expect(anna.sips).toContainEqual({
      personRef: ref,
      state: "CONSENTED",
      role: "CHAIR",
      next: "findTime",
      nextDate: null,
    });
    const eva = await myOverview(deps, h.staff.eva);
    expect(eva.sips.map((s) => s.personRef)).not.toContain(ref);
    expect(eva.polls).toEqual([]);
    const audit = (await auditOf(h, ref)).filter((a) => a.action === "MY_OVERVIEW_READ");
    expect(audit.map((a) => [a.actor_id, a.basis])).toContainEqual([h.staff.anna.id, "OWN_PRINCIPAL"]);
    expect(audit.map((a) => a.actor_id)).not.toContain(h.staff.eva.id);
  });

  it("shows a poll to each participant until they have answered every time, with its deadline", async () => {
    const ref = await consentedSip(h);
    const poll = await pollFor(ref);
    const before = await myOverview(deps, h.staff.bo);
    const mine = before.polls.find((p) => p.personRef === ref);
    expect(mine).toEqual({
      pollId: poll.id,
      personRef: ref,
      closesAt: poll.closesAt,
      answered: 0,
      slotCount: poll.slots.length,
      required: true,
    });
    // bo takes part now (invited to the poll), and the SIP's next step carries the answer deadline.
    const sip = before.sips.find((s) => s.personRef === ref);
    expect(sip).toMatchObject({ state: "SCHEDULING", role: "PARTICIPANT", next: "answers" });
    expect(sip?.nextDate).toEqual({ kind: "deadline", closesAt: poll.closesAt });

    // Answering some times keeps the poll waiting; answering all of them removes it.
    expectOk(
      await answerPoll(deps, h.staff.bo, { pollId: poll.id, answers: [{ position: 1, answer: "YES" }] }),
    );
    const partly = await myOverview(deps, h.staff.bo);
    expect(partly.polls.find((p) => p.personRef === ref)?.answered).toBe(1);
    const answers = poll.slots.map((s) => ({ position: s.position, answer: "NO" as const }));
    expectOk(await answerPoll(deps, h.staff.bo, { pollId: poll.id, answers }));
    expect((await myOverview(deps, h.staff.bo)).polls.map((p) => p.personRef)).not.toContain(ref);
    // anna (who opened it, and is a participant too) still has it waiting.
    expect((await myOverview(deps, h.staff.anna)).polls.map((p) => p.pollId)).toContain(poll.id);
    // Somebody who is no participant never sees it.
    expect((await myOverview(deps, h.staff.david)).polls.map((p) => p.pollId)).not.toContain(poll.id);
  });

  it("drops a plan once consent is withdrawn, with its open poll", async () => {
    const ref = await consentedSip(h);
    const poll = await pollFor(ref);
    expectOk(await withdrawConsent(h.deps, h.staff.anna, ref));
    const bo = await myOverview(deps, h.staff.bo);
    expect(bo.sips.map((s) => s.personRef)).not.toContain(ref);
    expect(bo.polls.map((p) => p.pollId)).not.toContain(poll.id);
    const anna = await myOverview(deps, h.staff.anna);
    expect(anna.sips.map((s) => s.personRef)).not.toContain(ref);
  });

  it("gives the follow-up date as the next step's date, soonest first", async () => {
    const later = await consentedSip(h);
    const sooner = await consentedSip(h);
    expectOk(await updatePlan(deps, h.staff.anna, later, { followUpDate: "2027-03-01" }));
    expectOk(await updatePlan(deps, h.staff.anna, sooner, { followUpDate: "2027-02-01" }));
    await h.db.runner.query(
      `UPDATE sip SET state = 'HELD' WHERE person_id IN (SELECT id FROM person WHERE ref = ANY($1))`,
      [[later, sooner]],
    );
    const anna = await myOverview(deps, h.staff.anna);
    const held = anna.sips.filter((s) => s.state === "HELD");
    expect(held.map((s) => [s.personRef, s.next, s.nextDate])).toEqual([
      [sooner, "followUp", { kind: "day", date: "2027-02-01" }],
      [later, "followUp", { kind: "day", date: "2027-03-01" }],
    ]);
  });

  it("lists a SIP the staff member started once it waits for consent, not while merely suggested", async () => {
    const ref = await personWithBothPrincipals(h);
    expect((await myOverview(deps, h.staff.anna)).sips.map((s) => s.personRef)).not.toContain(ref);
    expectOk(await startSip(h.deps, h.staff.anna, ref));
    const sip = (await myOverview(deps, h.staff.anna)).sips.find((s) => s.personRef === ref);
    expect(sip).toMatchObject({ role: "CHAIR", next: "consent", state: "CONSENT_PENDING" });
  });
});
