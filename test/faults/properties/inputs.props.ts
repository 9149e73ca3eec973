// Everything else that reads user or external input: free text, configuration, Slack and Teams payloads,
// and the import endpoint's token, content type and body. None may throw on what it is sent.
import assert from "node:assert/strict";
import fc from "fast-check";
import { cardAction } from "../../../adapters/teams/card-action.ts";
import { checkActivity, serviceUrlAllowed } from "../../../adapters/teams/activity-guard.ts";
import { commitIntent, readCommitment } from "../../../adapters/slack/commitment-modal.ts";
import { escapeMrkdwn, normaliseIncoming } from "../../../adapters/slack/slack-text.ts";
import { ImportFormatError, type SourceItem } from "../../../src/app/import-ports.ts";
import { ConfigError, loadConfig } from "../../../src/config.ts";
import { MAX_FREE_TEXT, parseFreeText } from "../../../src/conversation/free-text.ts";
import { MAX_PROPOSED_TEXT } from "../../../src/domain/free-text.ts";
import { isLocalDate } from "../../../src/domain/local-date.ts";
import { EffortTaxonomy } from "../../../src/domain/taxonomy.ts";
import { sourceForToken } from "../../../src/ingest/http-endpoint.ts";
import { bodyContent, formatFromContentType } from "../../../src/ingest/sources.ts";
import { calendarDay, hostileOrHuge, hostileText } from "./arbitraries.ts";
import { checkItems, ctx } from "./ingest-shared.ts";
import { type PropertySpec, spec } from "./property-spec.ts";

const taxonomy = new EffortTaxonomy();
const directory = [
  { handle: "bo", displayName: "Bo Berg" },
  { handle: "asa", displayName: "Åsa Öberg" },
];

const freeText = spec(
  "inputs",
  "free text gives proposals within their limits, never an exception",
  1500,
  () =>
    fc.property(hostileOrHuge(500, MAX_FREE_TEXT), calendarDay, (text, today) => {
      const u = parseFreeText(text, {
        taxonomy,
        today,
        directory,
        actor: { handle: "bo", unitName: "Hemtjänst Norr" },
      });
      for (const r of u.refs) assert.match(r, /^K-[0-9A-HJKMNP-TV-Z]{4,8}$/);
      for (const e of u.efforts) assert.ok(taxonomy.byCode(e.code) !== undefined);
      for (const c of u.commitments) {
        assert.ok(c.what.length <= MAX_PROPOSED_TEXT);
        if (c.dueDate !== null) assert.ok(isLocalDate(c.dueDate));
      }
      if (text.length > MAX_FREE_TEXT)
        assert.equal(u.refs.length + u.efforts.length + u.commitments.length, 0);
    }),
);

const CONFIG_KEYS = [
  "SIP_DATA_DIR",
  "DATABASE_URL",
  "SIP_ID_SECRET",
  "SIP_LOCALE",
  "SIP_CONSENT_DEFAULT_MONTHS",
  "SIP_JOBS",
  "SIP_DIGEST_CRON",
  "SIP_REMINDER_HOUR",
  "PORT",
  "SLACK_BOT_TOKEN",
  "SLACK_SIGNING_SECRET",
  "SLACK_APP_TOKEN",
  "SLACK_API_URL",
  "MicrosoftAppId",
  "TEAMS_LOCAL_DEV",
  "MicrosoftAppType",
  "MicrosoftAppTenantId",
  "MicrosoftAppPassword",
  "TEAMS_ALLOWED_TENANTS",
  "TEAMS_BOT_ENDPOINT",
  "SIP_IMPORT_TOKENS",
  "SIP_IMPORT_MAX_BYTES",
  "SIP_WORKING_HOURS",
  "SIP_MEETING_MINUTES",
  "SIP_SLOT_START_TIMES",
  "SIP_POLL_CANDIDATES",
  "SIP_LLM_PROVIDER",
  "SIP_LLM_MODEL",
  "SIP_LLM_TIMEOUT_MS",
  "OPENAI_API_KEY",
  "OPENAI_BASE_URL",
  "AZURE_OPENAI_ENDPOINT",
  "__proto__",
  "constructor",
];
const configValue = fc.oneof(
  hostileText(60),
  fc.constantFrom(
    "true",
    "1",
    "0",
    "-1",
    "1e309",
    "NaN",
    "08:00-17:00",
    "09:00,13:00",
    "crm=abc;x=",
    "sv",
    "postgres://x",
    "x".repeat(40),
    "",
  ),
);

const config = spec(
  "inputs",
  "any environment gives a configuration or a ConfigError naming the problem",
  2000,
  () =>
    fc.property(fc.dictionary(fc.constantFrom(...CONFIG_KEYS), configValue, { maxKeys: 8 }), (env) => {
      try {
        const c = loadConfig({ ...env });
        assert.ok(Array.isArray(c.platformsConfigured));
      } catch (e) {
        assert.ok(e instanceof ConfigError, `${String(e)} for ${JSON.stringify(env)}`);
        assert.ok(e.problems.length > 0);
      }
    }),
);

const noHandles = () => Promise.resolve(null);

const slackText = spec(
  "inputs",
  "Slack text: what the bot escapes reads back as typed; any text is safe",
  3000,
  () =>
    fc.asyncProperty(hostileText(300), fc.option(fc.constantFrom("U0BOT", "W12345")), async (text, bot) => {
      assert.equal(await normaliseIncoming(escapeMrkdwn(text), noHandles), text.trim());
      const any = await normaliseIncoming(
        text,
        (id) => Promise.resolve(id === "U0ABC" ? "bo" : null),
        bot === null ? {} : { stripLeadingMention: bot },
      );
      assert.ok(!/<![a-z]+>/.test(any) || /<![a-z]+>/.test(text), "a broadcast survived");
      commitIntent(text);
    }),
);

const jsonish = fc.oneof(
  fc.jsonValue({ maxDepth: 4 }),
  fc.object({ maxDepth: 3 }),
  fc.record({
    callback_id: fc.constantFrom("sip.commit", "other"),
    private_metadata: fc.oneof(
      hostileText(40),
      fc.jsonValue({ maxDepth: 2 }).map((v) => JSON.stringify(v)),
      fc.constant('{"r":"K-7F3Q","c":null,"d":true}'),
    ),
    state: fc.record({
      values: fc.dictionary(
        fc.constantFrom("what", "owner", "ownerOther", "due"),
        fc.dictionary(fc.constantFrom("what", "owner", "ownerOther", "due"), fc.jsonValue({ maxDepth: 2 })),
      ),
    }),
  }),
  fc.record({
    action: fc.record({
      type: fc.constantFrom("Action.Execute", "Action.Submit"),
      verb: hostileText(20),
      data: fc.dictionary(
        fc.oneof(fc.constantFrom("sipValue", "in_handle", "in_x"), hostileText(10)),
        fc.jsonValue({ maxDepth: 2 }),
      ),
    }),
  }),
  fc.record({
    type: fc.constantFrom("message", "invoke", ""),
    channelId: fc.constantFrom("msteams", "emulator", "slack"),
    serviceUrl: fc.oneof(
      hostileText(40),
      fc.constantFrom(
        "https://smba.trafficmanager.net/emea/",
        "http://127.0.0.1:3978",
        "https://user:pw@smba.trafficmanager.net/",
        "javascript:alert(1)",
      ),
    ),
    from: fc.record({ id: hostileText(10) }),
    conversation: fc.record({ id: hostileText(10), tenantId: fc.option(hostileText(10)) }),
    recipient: fc.record({ id: fc.constant("bot") }),
    channelData: fc.jsonValue({ maxDepth: 2 }),
  }),
);

const slackTexts = {
  commitWhatMissing: "a",
  commitOwnerMissing: "b",
  commitOwnerBoth: "c",
  commitOwnerBad: "d",
};

const payloads = spec(
  "inputs",
  "Slack views, Teams activities and card actions: a value or a refusal, never thrown",
  2000,
  () =>
    fc.property(jsonish, hostileText(80), (body, url) => {
      const view = readCommitment(body, slackTexts as never);
      assert.ok(view === null || "answers" in view || "errors" in view);
      const activity = checkActivity(body, {
        allowedTenants: ["t1"],
        allowLoopbackServiceUrl: false,
        channels: ["msteams"],
      });
      if (activity.ok) assert.equal(serviceUrlAllowed(activity.value.serviceUrl, false), true);
      else
        assert.ok(
          ["malformed", "foreignServiceUrl", "foreignTenant", "foreignChannel"].includes(activity.reason),
        );
      const action = cardAction(body);
      if (action !== null) assert.ok(typeof action.actionId === "string" && action.value.length <= 500);
      serviceUrlAllowed(url, true);
    }),
);

const TOKENS = [
  { source: "cosmic", token: "s3cret-token-1" },
  { source: "treserva", token: "another_token" },
];

const endpointHeaders = spec(
  "inputs",
  "import endpoint: only the exact bearer token names a source; any header is safe",
  3000,
  () =>
    fc.property(
      fc.oneof(
        hostileText(80),
        fc.constantFrom(...TOKENS).map((t) => `Bearer ${t.token}`),
      ),
      fc.constantFrom("Bearer ", "bearer ", "BEARER  ", "Basic "),
      fc.option(fc.constantFrom(...TOKENS)),
      hostileText(60),
      (header, scheme, token, contentType) => {
        const source = sourceForToken(header, TOKENS);
        if (source !== null) assert.ok(TOKENS.some((t) => t.source === source && header.includes(t.token)));
        if (token !== null) {
          const expected = scheme.trim() === "Basic" ? null : token.source;
          assert.equal(sourceForToken(`${scheme}${token.token}`, TOKENS), expected);
          assert.equal(sourceForToken(`${scheme}${token.token}x`, TOKENS), null);
        }
        const format = formatFromContentType(contentType);
        assert.ok(format === null || format === "CSV" || format === "FHIR");
      },
    ),
);

const endpointBody = spec(
  "inputs",
  "import endpoint: any body is read or refused with a typed error",
  800,
  () =>
    fc.asyncProperty(
      fc.oneof(
        fc.uint8Array({ maxLength: 2000 }),
        hostileText(400).map((t) => new TextEncoder().encode(t)),
      ),
      fc.constantFrom("CSV" as const, "FHIR" as const),
      async (bytes, format) => {
        const { content } = bodyContent(Buffer.from(bytes), format, ctx());
        const items: SourceItem[] = [];
        try {
          for await (const item of content.items) items.push(item);
        } catch (e) {
          assert.ok(e instanceof ImportFormatError, String(e));
          return;
        }
        checkItems(items);
      },
    ),
);

export const inputProperties: PropertySpec[] = [
  freeText,
  config,
  slackText,
  payloads,
  endpointHeaders,
  endpointBody,
];
