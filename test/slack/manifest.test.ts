import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { EVENTS_PATH } from "../../adapters/slack/mount-slack.ts";

// adapters/slack/manifest.json is what an admin pastes into "Create an app → From a manifest". It is
// checked against Slack's own manifest types as the installed @slack/web-api ships them (scope and
// event names), against the limits those types document, and against what the adapter really calls.

const root = join(import.meta.dirname, "../../adapters/slack");
const raw = readFileSync(join(root, "manifest.json"), "utf8");
const manifest = JSON.parse(raw) as {
  display_information: {
    name: string;
    description: string;
    long_description: string;
    background_color: string;
  };
  features: {
    app_home: {
      home_tab_enabled: boolean;
      messages_tab_enabled: boolean;
      messages_tab_read_only_enabled: boolean;
    };
    bot_user: { display_name: string; always_online: boolean };
    slash_commands: {
      command: string;
      url: string;
      description: string;
      usage_hint: string;
      should_escape: boolean;
    }[];
  };
  oauth_config: { scopes: { bot: string[] } };
  settings: {
    event_subscriptions: { request_url: string; bot_events: string[] };
    interactivity: { is_enabled: boolean; request_url: string };
    socket_mode_enabled: boolean;
  };
};

/** A string-literal union from the SDK's manifest types, e.g. BotScope. */
function unionOf(name: string): Set<string> {
  const require = createRequire(import.meta.url);
  const webApi = dirname(
    require.resolve("@slack/web-api/package.json", { paths: [require.resolve("@slack/bolt")] }),
  );
  const dts = readFileSync(join(webApi, "dist/types/request/manifest.d.ts"), "utf8");
  const m = new RegExp(`type ${name} = ([^;]+);`).exec(dts);
  if (m === null) throw new Error(`${name} not found in the SDK's manifest types`);
  return new Set([...(m[1] ?? "").matchAll(/'([^']+)'/g)].map((x) => x[1] ?? ""));
}

// Which scope each Web API method (and each event) needs, per Slack's method reference.
const METHOD_SCOPES: Record<string, string | null> = {
  "auth.test": null,
  "chat.postMessage": "chat:write",
  "chat.postEphemeral": "chat:write",
  "chat.update": "chat:write",
  "conversations.open": "im:write",
  "users.info": "users:read",
  "views.open": null,
  "views.publish": null,
  filesUploadV2: "files:write",
};
const EVENT_SCOPES: Record<string, string> = {
  app_mention: "app_mentions:read",
  "message.im": "im:history",
  app_home_opened: "",
};

describe("the Slack app manifest", () => {
  it("is plain JSON without comments", () => {
    expect(raw).not.toMatch(/^\s*\/\//m);
    expect(raw).not.toContain("/*");
  });

  it("stays within the limits Slack's manifest types document", () => {
    const d = manifest.display_information;
    expect(d.name.length).toBeLessThanOrEqual(35);
    expect(d.description.length).toBeLessThanOrEqual(140);
    expect(d.long_description.length).toBeGreaterThanOrEqual(175);
    expect(d.long_description.length).toBeLessThanOrEqual(4000);
    expect(d.background_color).toMatch(/^#([0-9a-f]{3}|[0-9a-f]{6})$/i);
    expect(manifest.features.bot_user.display_name).toMatch(/^[a-z0-9._-]{1,80}$/);
  });

  it("declares /sip with escaped mentions (the adapter turns <@U…> into @handle)", () => {
    const [sip, ...others] = manifest.features.slash_commands;
    expect(others).toEqual([]);
    expect(sip?.command).toBe("/sip");
    expect(sip?.should_escape).toBe(true);
    expect(sip?.command.length).toBeLessThanOrEqual(32);
  });

  it("subscribes to the events the adapter handles, with interactivity and App Home on", () => {
    const known = unionOf("ManifestEvent");
    const events = manifest.settings.event_subscriptions.bot_events;
    expect([...events].sort()).toEqual(["app_home_opened", "app_mention", "message.im"]);
    for (const e of events) expect(known.has(e), e).toBe(true);
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
    expect(manifest.features.app_home).toEqual({
      home_tab_enabled: true,
      messages_tab_enabled: true,
      messages_tab_read_only_enabled: false,
    });
  });

  it("points every URL at the documented path over https", () => {
    expect(EVENTS_PATH).toBe("/slack/events");
    const urls = [
      manifest.settings.event_subscriptions.request_url,
      manifest.settings.interactivity.request_url,
      ...manifest.features.slash_commands.map((c) => c.url),
    ];
    for (const u of urls) {
      const url = new URL(u);
      expect(url.protocol).toBe("https:");
      expect(url.pathname).toBe(EVENTS_PATH);
    }
    expect(new Set(urls.map((u) => new URL(u).origin)).size).toBe(1);
  });

  it("asks for exactly the bot scopes the adapter's calls and events need, all real scope names", () => {
    const known = unionOf("BotScope");
    const scopes = manifest.oauth_config.scopes.bot;
    for (const s of scopes) expect(known.has(s), s).toBe(true);
    // The Web API methods the adapter's source really calls.
    const source = readdirSync(root)
      .filter((f) => f.endsWith(".ts"))
      .map((f) => readFileSync(join(root, f), "utf8"))
      .join("\n");
    const called = new Set([...source.matchAll(/client\.(\w+)\.(\w+)\(/g)].map((m) => `${m[1]}.${m[2]}`));
    if (source.includes("filesUploadV2(")) called.add("filesUploadV2");
    called.add("auth.test"); // Bolt calls it at start-up
    const needed = new Set<string>(["commands"]);
    for (const method of called) {
      expect(method in METHOD_SCOPES, `no scope known for ${method}`).toBe(true);
      const scope = METHOD_SCOPES[method];
      if (scope) needed.add(scope);
    }
    for (const e of manifest.settings.event_subscriptions.bot_events)
      if (EVENT_SCOPES[e]) needed.add(EVENT_SCOPES[e]);
    expect([...scopes].sort()).toEqual([...needed].sort());
  });
});
