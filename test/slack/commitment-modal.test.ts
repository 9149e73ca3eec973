import { describe, expect, it } from "vitest";
import {
  type CommitmentAnswers,
  commitCommand,
  commitIntent,
  commitmentModal,
  readCommitment,
} from "../../adapters/slack/commitment-modal.ts";
import { LIMITS, limitProblems } from "../../adapters/slack/block-limits.ts";
import { slackTexts } from "../../adapters/slack/slack-texts.ts";
import { parseCommand } from "../../src/conversation/commands.ts";

// The commitment modal only writes the command a user could type; the core's parser checks every
// composition, so an answer that would be read differently is refused rather than logged wrongly.

const st = slackTexts("sv");
const TODAY = "2026-11-23";
const base: CommitmentAnswers = {
  ref: "K-7F3Q",
  origin: { channel: null, direct: true },
  what: "Ringa Försäkringskassan",
  ownerUser: null,
  ownerOther: null,
  due: null,
};

describe("commitment modal", () => {
  it("opens only for the bare command", () => {
    expect(commitIntent("sip åtagande K-7F3Q")).toBe("K-7F3Q");
    expect(commitIntent("/sip commit  K-7F3Q ")).toBe("K-7F3Q");
    expect(commitIntent("sip åtagande K-7F3Q @bo Ringa")).toBeNull();
    expect(commitIntent("sip åtagande inte-en-ref")).toBeNull();
    expect(commitIntent("sip vem K-7F3Q")).toBeNull();
  });

  it("stays within the view's limits", () => {
    const m = commitmentModal("K-7F3Q", { channel: "C0SAMVERK", direct: false }, st);
    expect(limitProblems(m.blocks, LIMITS.blocksPerView)).toEqual([]);
    expect(m.title.text.length).toBeLessThanOrEqual(LIMITS.viewTitle);
  });

  it("writes commands that the core reads back as exactly the answers", () => {
    const cases: [Partial<CommitmentAnswers>, string][] = [
      [{ due: "2026-12-18" }, "@bo"],
      [{}, "den enskilde"],
      [{}, "Hemtjänst Norr (demo)"],
      [{ what: 'Boka "tid" hos psykiatrin', due: "2027-01-15" }, "Försäkringskassan"],
    ];
    for (const [change, owner] of cases) {
      const text = commitCommand({ ...base, ...change }, owner, TODAY);
      expect(text, owner).not.toBeNull();
      const p = parseCommand(text ?? "", TODAY);
      expect(p.ok && p.command.name === "commit" ? p.command.dueDate : "x").toBe(change.due ?? null);
    }
  });

  it("refuses answers the command syntax would read differently", () => {
    // Without a due date, "senast fredag" inside the text would become one.
    expect(commitCommand({ ...base, what: "Ringa senast fredag" }, "@bo", TODAY)).toBeNull();
  });

  it("checks the answers before they are acknowledged", () => {
    const view = commitmentModal("K-7F3Q", { channel: null, direct: true }, st);
    const values = (v: Record<string, Record<string, unknown>>) => ({ ...view, state: { values: v } });
    expect(readCommitment(values({ what: { what: { value: "x" } } }), st)).toEqual({
      errors: { owner: st.commitOwnerMissing },
    });
    expect(
      readCommitment(
        values({
          what: { what: { value: "x" } },
          owner: { owner: { selected_user: "U1" } },
          ownerOther: { ownerOther: { value: "den enskilde" } },
        }),
        st,
      ),
    ).toEqual({ errors: { ownerOther: st.commitOwnerBoth } });
    expect(
      readCommitment({ ...values({}), private_metadata: '{"r":"nope","c":null,"d":true}' }, st),
    ).toBeNull();
    expect(readCommitment({ ...values({}), callback_id: "other" }, st)).toBeNull();
  });
});
