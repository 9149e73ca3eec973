import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import type { AppDeps } from "../../src/app/deps.ts";
import { today } from "../../src/app/deps.ts";
import { confirmDelivery, pendingDeliveries } from "../../src/app/delivery.ts";
import { parseDatePhrase } from "../../src/conversation/dates.ts";
import type {
  Action,
  FileAttachment,
  Form,
  FormField,
  Incoming,
  Reply,
} from "../../src/conversation/message.ts";
import { renderNotification } from "../../src/conversation/notify.ts";
import { handleAction, handleMessage } from "../../src/conversation/router.ts";
import { renderReply } from "./render-text.ts";

// One console conversation, possibly between several people: a line "@bo: text" speaks as bo, "!2" presses
// button 2 of the latest reply the speaker saw, and a form asks its fields one line at a time. Messages the
// bot sends to others (suggestions, assignments) are delivered here too, to console users only.

export const CONSOLE_PLATFORM = "console";

// The console's own few words (the bot's texts come from src/conversation).
const CONSOLE_TEXTS = {
  sv: {
    optional: " (valfritt: tom rad eller -)",
    several: "(flera: 1,2)",
    keep: "(= behåller texten ovan; \\n i svaret ger en ny rad)",
    retry: "Svaret passar inte. Försök igen, eller skriv avbryt.",
    cancelled: "(avbrutet)",
    noButton: (n: string) => `Det finns ingen knapp ${n}.`,
    saved: (path: string) => `Filen är sparad: ${path}`,
  },
  en: {
    optional: " (optional: empty line or -)",
    several: "(several: 1,2)",
    keep: "(= keeps the text above; \\n in the answer starts a new line)",
    retry: "That answer does not fit. Try again, or type cancel.",
    cancelled: "(cancelled)",
    noButton: (n: string) => `There is no button ${n}.`,
    saved: (path: string) => `The file is saved: ${path}`,
  },
};
export const CONSOLE_TENANT = "local";

interface OpenForm {
  form: Form;
  answers: Record<string, string>;
  index: number;
}

export interface ConsoleOptions {
  deps: AppDeps;
  user: string;
  print: (line: string) => void;
  tty: boolean;
  locale?: string;
  /** Where attached files (an .ics invitation) are saved; without it they are only named. */
  fileDir?: string;
}

export class ConsoleSession {
  private readonly deps: AppDeps;
  private readonly print: (line: string) => void;
  private readonly tty: boolean;
  private readonly locale: string | undefined;
  private readonly words: (typeof CONSOLE_TEXTS)["sv"];
  private speaker: string;
  private readonly lastButtons = new Map<string, { actionId: string; value: string }[]>();
  private readonly forms = new Map<string, OpenForm>();
  private readonly fileDir: string | undefined;

  constructor(o: ConsoleOptions) {
    this.deps = o.deps;
    this.print = o.print;
    this.tty = o.tty;
    this.locale = o.locale;
    this.words = o.locale?.toLowerCase().startsWith("en") ? CONSOLE_TEXTS.en : CONSOLE_TEXTS.sv;
    this.speaker = o.user.toLowerCase();
    this.fileDir = o.fileDir;
  }

  get currentUser(): string {
    return this.speaker;
  }

  private incoming(user: string): Incoming {
    return {
      user: { platform: CONSOLE_PLATFORM, tenant: CONSOLE_TENANT, userId: user },
      conversation: "direct",
      ...(this.locale !== undefined && { locale: this.locale }),
    };
  }

  /** Handles one input line; returns when every reply and notification has been printed. */
  async line(raw: string): Promise<void> {
    let text = raw.trim();
    const as = /^@([\p{L}\d._-]{1,32}):\s*(.*)$/u.exec(text);
    if (as) {
      this.speaker = (as[1] ?? "").toLowerCase();
      text = (as[2] ?? "").trim();
    }
    if (text === "" || text.startsWith("#")) return;
    const user = this.speaker;

    const open = this.forms.get(user);
    if (open !== undefined) {
      await this.answerField(user, open, text);
    } else if (/^!\d+$/.test(text)) {
      const button = this.lastButtons.get(user)?.[Number(text.slice(1)) - 1];
      if (button === undefined) this.print(`(${user}) ${this.words.noButton(text.slice(1))}`);
      else await this.act(user, { actionId: button.actionId, value: button.value });
    } else {
      this.show(user, await handleMessage(this.deps, this.incoming(user), text));
    }
    await this.deliverOutbox();
  }

  private async act(user: string, action: Action): Promise<void> {
    this.show(user, await handleAction(this.deps, this.incoming(user), action));
  }

  private show(user: string, replies: Reply[], heading?: string): void {
    for (const r of replies) {
      const rendered = renderReply(r, this.tty);
      if (heading !== undefined) this.print(heading);
      for (const l of rendered.lines) this.print(l);
      for (const b of r.blocks) if (b.type === "file") this.saveFile(b.file);
      if (rendered.buttons.length > 0) this.lastButtons.set(user, rendered.buttons);
      const form = r.blocks.find((b) => b.type === "form");
      if (form?.type === "form") {
        const open: OpenForm = { form: form.form, answers: {}, index: 0 };
        this.forms.set(user, open);
        this.askField(open);
      }
    }
  }

  private askField(open: OpenForm): void {
    const field = open.form.fields[open.index];
    if (field === undefined) return;
    const optional = field.required ? "" : this.words.optional;
    this.print(`  ? ${field.label}${optional}`);
    if (field.type === "select") {
      field.options.forEach((o, i) => {
        this.print(`    ${i + 1}) ${o.label}`);
      });
      if (field.multiple) this.print(`    ${this.words.several}`);
    }
    if (field.type === "text" && field.initial !== undefined) {
      for (const l of field.initial.split("\n")) this.print(`    | ${l}`);
      this.print(`    ${this.words.keep}`);
    }
  }

  private async answerField(user: string, open: OpenForm, text: string): Promise<void> {
    if (/^(avbryt|cancel)$/i.test(text)) {
      this.forms.delete(user);
      this.print(`  ${this.words.cancelled}`);
      return;
    }
    const field = open.form.fields[open.index];
    if (field === undefined) return;
    const value = this.fieldValue(field, text);
    if (value === null) {
      this.print(`  ${this.words.retry}`);
      this.askField(open);
      return;
    }
    open.answers[field.id] = value;
    open.index += 1;
    if (open.index < open.form.fields.length) {
      this.askField(open);
      return;
    }
    this.forms.delete(user);
    await this.act(user, { actionId: open.form.actionId, value: open.form.value, form: open.answers });
  }

  private fieldValue(field: FormField, text: string): string | null {
    const empty = text === "-" || text === "";
    if (empty) return field.required ? null : "";
    switch (field.type) {
      case "text": {
        // One terminal line per answer: "=" keeps a prefilled text, and a typed backslash-n is a line break.
        const typed = field.initial !== undefined && text === "=" ? field.initial : text;
        const value = field.multiline === true ? typed.replace(/\\n/g, "\n") : typed;
        return value.length <= field.maxLength ? value : null;
      }
      case "date":
        return parseDatePhrase(text, today(this.deps));
      case "select": {
        const picks = (field.multiple ? text.split(",") : [text]).map((p) => p.trim());
        const values = picks.map(
          (p) => field.options[Number(p) - 1]?.value ?? field.options.find((o) => o.value === p)?.value,
        );
        return values.every((v) => v !== undefined) ? values.join(",") : null;
      }
    }
  }

  /** Saves an attached file under fileDir with a name of our own making (never a path from the message). */
  private saveFile(file: FileAttachment): void {
    if (this.fileDir === undefined) return;
    const base =
      basename(file.filename)
        .replace(/[^\p{L}\d._-]/gu, "_")
        .slice(0, 80) || "fil";
    const dot = base.lastIndexOf(".");
    const [stem, ext] = dot > 0 ? [base.slice(0, dot), base.slice(dot)] : [base, ""];
    mkdirSync(this.fileDir, { recursive: true });
    let path = join(this.fileDir, base);
    for (let n = 2; existsSync(path); n++) path = join(this.fileDir, `${stem}-${n}${ext}`);
    writeFileSync(path, file.content, { encoding: "utf8", mode: 0o600 });
    this.print(`  ${this.words.saved(path)}`);
  }

  /** Delivers pending notifications addressed to console users; others stay for their own platform. */
  async deliverOutbox(): Promise<void> {
    for (const delivery of await pendingDeliveries(this.deps, CONSOLE_PLATFORM)) {
      const reply =
        delivery.notification === null ? null : renderNotification(delivery.notification, delivery.locale);
      if (reply !== null) this.show(delivery.platformUserId, [reply], `→ @${delivery.platformUserId}:`);
      await confirmDelivery(this.deps, delivery, "console");
    }
  }
}
