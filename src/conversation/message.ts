import type { PlatformUser } from "../app/staff.ts";

// The platform-neutral message model. The conversation layer answers in it; each adapter renders it
// (Block Kit for Slack, Adaptive Cards for Teams, numbered text for the console) and turns a press or a
// form submission back into one neutral Action.
export type Block =
  | { type: "section"; text: string }
  | { type: "fields"; fields: { label: string; value: string }[] }
  | { type: "buttons"; buttons: Button[] }
  | { type: "form"; form: Form }
  | { type: "context"; text: string }
  | { type: "divider" }
  | { type: "image"; image: ImageAttachment }
  | { type: "file"; file: FileAttachment };

/** A picture made by the bot (e.g. the digest's trend chart). Clients that show no images get `altText`. */
export interface ImageAttachment {
  title: string;
  /** Describes the picture fully enough to stand in for it (screen readers, text-only clients). */
  altText: string;
  /** PNG bytes, base64: the message model stays plain JSON so it can wait in the outbox. */
  pngBase64: string;
}

/** A file sent with a message (e.g. an .ics invitation). Text formats only, for the same reason. */
export interface FileAttachment {
  filename: string;
  mimeType: string;
  content: string;
}

export interface Button {
  label: string;
  actionId: string;
  value: string;
  style?: "primary" | "danger";
}

export type FormField =
  | {
      type: "text";
      id: string;
      label: string;
      required: boolean;
      multiline?: boolean;
      maxLength: number;
      placeholder?: string;
      /** Prefilled text the user edits (e.g. a drafted agenda); submitted as is when left unchanged. */
      initial?: string;
    }
  | {
      type: "select";
      id: string;
      label: string;
      required: boolean;
      options: { label: string; value: string }[];
      multiple?: boolean;
    }
  | { type: "date"; id: string; label: string; required: boolean };

export interface Form {
  /** The action id a submission arrives with. */
  actionId: string;
  /** Carried through unchanged, e.g. the person reference the form is about. */
  value: string;
  title: string;
  submitLabel: string;
  fields: FormField[];
}

export interface Reply {
  /** Plain-text version: notifications, screen readers, clients that show no blocks. */
  text: string;
  blocks: Block[];
}

export interface Incoming {
  /** Who is speaking, as the platform knows them. */
  user: PlatformUser;
  /** direct: a one-to-one chat with the bot; group: a channel or group chat others can read. */
  conversation: "direct" | "group";
  locale?: string;
}

export interface Action {
  actionId: string;
  value: string;
  /** Field values of a submitted form, by field id. */
  form?: Record<string, string>;
}

export function reply(text: string, blocks: Block[] = [{ type: "section", text }]): Reply {
  return { text, blocks };
}
