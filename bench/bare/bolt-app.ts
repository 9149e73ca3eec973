// The Slack baseline: a bare Bolt app (its own HTTPReceiver, defaults otherwise) that acknowledges every
// slash command and event and does nothing else. Same token check at start-up (auth.test) and same
// endpoint path as the bot, so the two differ only in what the bot does around the acknowledgement.
//
//   PORT=3001 SLACK_SIGNING_SECRET=... SLACK_BOT_TOKEN=xoxb-... SLACK_API_URL=http://127.0.0.1:x/api/ \
//     npx node bench/bare/bolt-app.ts
import { App, LogLevel } from "@slack/bolt";

const env = (name: string): string => {
  const v = process.env[name];
  if (v === undefined || v === "") throw new Error(`${name} is required`);
  return v;
};

const app = new App({
  token: env("SLACK_BOT_TOKEN"),
  signingSecret: env("SLACK_SIGNING_SECRET"),
  endpoints: "/slack/events",
  clientOptions: { slackApiUrl: env("SLACK_API_URL") },
  logLevel: LogLevel.ERROR,
});

app.command("/sip", async ({ ack }) => {
  await ack();
});
// Events are acknowledged by Bolt itself; listeners only make the app handle the same types as the bot.
app.event("message", () => Promise.resolve());
app.event("app_mention", () => Promise.resolve());

await app.start(Number(env("PORT")));
console.log(`bare Bolt app listening on ${env("PORT")}`);
for (const signal of ["SIGTERM", "SIGINT"] as const)
  process.once(signal, () => {
    void app.stop().then(() => process.exit(0));
  });
