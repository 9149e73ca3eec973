// The console's rendering of the neutral message model: plain lines, numbered buttons, *bold* as ANSI bold
// on a terminal and without markers in a pipe.
import { describe, expect, it } from "vitest";
import { renderReply } from "../../adapters/console/render-text.ts";
import type { Reply } from "../../src/conversation/message.ts";

const BOLD = "\x1b[1m";
const NORMAL = "\x1b[22m";

describe("renderReply", () => {
  it("renders sections and context line by line", () => {
    const r: Reply = {
      text: "ignored when there are blocks",
      blocks: [
        { type: "section", text: "first\nsecond" },
        { type: "context", text: "a note" },
      ],
    };
    expect(renderReply(r, false)).toEqual({ lines: ["first", "second", "a note"], buttons: [] });
  });

  it("falls back to the text when there are no blocks", () => {
    expect(renderReply({ text: "just *text*\nline two", blocks: [] }, false).lines).toEqual([
      "just text",
      "line two",
    ]);
  });

  it("renders fields as indented label: value, continuing multi-line values", () => {
    const r: Reply = {
      text: "",
      blocks: [
        {
          type: "fields",
          fields: [
            { label: "Insatser", value: "Hemtjänst\n*Boendestöd*" },
            { label: "Åtaganden", value: "" },
          ],
        },
      ],
    };
    expect(renderReply(r, false).lines).toEqual(["  Insatser: Hemtjänst", "    Boendestöd", "  Åtaganden: "]);
  });

  it("renders a divider", () => {
    const r: Reply = {
      text: "",
      blocks: [{ type: "section", text: "a" }, { type: "divider" }, { type: "section", text: "b" }],
    };
    expect(renderReply(r, false).lines).toEqual(["a", "  ---", "b"]);
  });

  it("shows an image by its alt text and a file by its name, never their bytes", () => {
    const r: Reply = {
      text: "",
      blocks: [
        { type: "image", image: { title: "Trend", altText: "3 SIP-möten v. 47", pngBase64: "iVBORw0KGgo=" } },
        {
          type: "file",
          file: { filename: "kallelse.ics", mimeType: "text/calendar", content: "BEGIN:VCALENDAR" },
        },
      ],
    };
    const lines = renderReply(r, false).lines;
    expect(lines).toEqual(["  [Trend] 3 SIP-möten v. 47", "  [Bifogad fil / attached file: kallelse.ics]"]);
    expect(lines.join("\n")).not.toContain("iVBOR");
  });

  it("numbers buttons across every button block, and returns them in that order", () => {
    const r: Reply = {
      text: "",
      blocks: [
        {
          type: "buttons",
          buttons: [
            { label: "Starta SIP", actionId: "sip.start", value: "K-7F3Q", style: "primary" },
            { label: "Avböj", actionId: "sip.dismiss", value: "K-7F3Q" },
          ],
        },
        { type: "section", text: "#12" },
        { type: "buttons", buttons: [{ label: "Klart #12", actionId: "commitment.done", value: "12" }] },
      ],
    };
    const out = renderReply(r, false);
    expect(out.lines).toEqual(["  [1] Starta SIP", "  [2] Avböj", "#12", "  [3] Klart #12"]);
    expect(out.buttons.map((b) => [b.actionId, b.value])).toEqual([
      ["sip.start", "K-7F3Q"],
      ["sip.dismiss", "K-7F3Q"],
      ["commitment.done", "12"],
    ]);
  });

  it("shows a form by its title (the session asks its fields)", () => {
    const r: Reply = {
      text: "",
      blocks: [
        {
          type: "form",
          form: { actionId: "x", value: "", title: "Samtycke för K-7F3Q", submitLabel: "Spara", fields: [] },
        },
      ],
    };
    expect(renderReply(r, false)).toEqual({ lines: ["  Samtycke för K-7F3Q"], buttons: [] });
  });

  it("drops *bold* and `code` markers in a pipe", () => {
    const r: Reply = {
      text: "",
      blocks: [{ type: "section", text: "Ny referens: *K-7F3Q*, skriv `sip hjälp`." }],
    };
    expect(renderReply(r, false).lines).toEqual(["Ny referens: K-7F3Q, skriv sip hjälp."]);
  });

  it("turns *bold* into ANSI bold on a terminal, and leaves code plain", () => {
    const r: Reply = { text: "", blocks: [{ type: "section", text: "*Vem ansvarar* för `K-7F3Q`" }] };
    expect(renderReply(r, true).lines).toEqual([`${BOLD}Vem ansvarar${NORMAL} för K-7F3Q`]);
    const fields: Reply = { text: "", blocks: [{ type: "fields", fields: [{ label: "L", value: "*v*" }] }] };
    expect(renderReply(fields, true).lines).toEqual([`  L: ${BOLD}v${NORMAL}`]);
  });

  it("leaves line-crossing and empty asterisk pairs alone", () => {
    const r: Reply = {
      text: "",
      blocks: [
        { type: "section", text: "*öppen\nrad*" },
        { type: "section", text: "**" },
      ],
    };
    expect(renderReply(r, true).lines).toEqual(["*öppen", "rad*", "**"]);
  });

  it("never emits an escape character in a pipe", () => {
    const r: Reply = { text: "", blocks: [{ type: "section", text: "*a* b" }] };
    expect(renderReply(r, false).lines.join("")).not.toContain("\x1b");
  });
});
