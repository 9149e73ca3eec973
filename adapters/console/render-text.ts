import type { Block, Reply } from "../../src/conversation/message.ts";

// The console's rendering of the neutral model: plain lines, buttons as numbered choices ("!1" presses
// the first). On a terminal, *bold* becomes bold; in a pipe, the markers are simply dropped.

export interface RenderedReply {
  lines: string[];
  buttons: { label: string; actionId: string; value: string }[];
}

function inline(text: string, tty: boolean): string {
  const bold = tty ? "\x1b[1m$1\x1b[22m" : "$1";
  return text.replace(/\*([^*\n]+)\*/g, bold).replace(/`([^`\n]+)`/g, "$1");
}

export function renderReply(r: Reply, tty: boolean): RenderedReply {
  const lines: string[] = [];
  const buttons: RenderedReply["buttons"] = [];
  const blocks: Block[] = r.blocks.length > 0 ? r.blocks : [{ type: "section", text: r.text }];
  for (const b of blocks) {
    switch (b.type) {
      case "section":
      case "context":
        lines.push(...inline(b.text, tty).split("\n"));
        break;
      case "fields":
        for (const f of b.fields) {
          const [first, ...rest] = inline(f.value, tty).split("\n");
          lines.push(`  ${f.label}: ${first ?? ""}`, ...rest.map((l) => `    ${l}`));
        }
        break;
      case "divider":
        lines.push("  ---");
        break;
      case "buttons":
        for (const btn of b.buttons) {
          buttons.push(btn);
          lines.push(`  [${buttons.length}] ${btn.label}`);
        }
        break;
      case "form":
        lines.push(`  ${b.form.title}`);
        break;
      case "image":
        // A terminal shows no pictures; the alt text says what the picture says.
        lines.push(`  [${b.image.title}] ${b.image.altText}`);
        break;
      case "file":
        lines.push(`  [Bifogad fil / attached file: ${b.file.filename}]`);
        break;
    }
  }
  return { lines, buttons };
}
