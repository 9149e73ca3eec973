// The platform a bot talks back to, in its own process: the loopback fake Slack Web API
// (test/slack/fake-slack.ts) or the fake Bot Connector (test/teams/fake-connector.ts). Kept apart from the
// load tool so that answering the bot's calls cannot delay the load tool's clock for the bot's runs only.
//
//   npx node bench/lib/fake-peer.ts slack|teams     prints "fake <kind> at <url>", stops on SIGTERM
import { FakeSlack } from "../../test/slack/fake-slack.ts";
import { FakeConnector } from "../../test/teams/fake-connector.ts";

const kind = process.argv[2];
let url: string;
let forget: () => void;
let stop: () => Promise<void>;
if (kind === "slack") {
  const fake = new FakeSlack();
  await fake.start();
  url = fake.apiUrl;
  forget = () => {
    fake.clear();
    fake.log.length = 0;
  };
  stop = () => fake.stop();
} else if (kind === "teams") {
  const fake = new FakeConnector();
  await fake.start();
  url = fake.serviceUrl;
  forget = () => fake.clear();
  stop = () => fake.stop();
} else {
  throw new Error("usage: fake-peer.ts slack|teams");
}
// The fakes record every call for tests to read; nothing reads them here, and under load they fill memory.
const timer = setInterval(forget, 1_000);
console.log(`fake ${kind} at ${url}`);
for (const signal of ["SIGTERM", "SIGINT"] as const)
  process.once(signal, () => {
    clearInterval(timer);
    void stop().then(() => process.exit(0));
  });
