import { webApi } from "@slack/bolt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderReply } from "../../adapters/slack/render-blocks.ts";
import { SlackSender, SlackSendError } from "../../adapters/slack/slack-sender.ts";
import { FakeSlack } from "./fake-slack.ts";

// The sender on its own, against the fake Slack: uploads go through Slack's external-upload flow to the
// user's DM, and a response_url that does not point at Slack is never called.

let fake: FakeSlack;
let sender: SlackSender;
beforeAll(async () => {
  fake = new FakeSlack();
  await fake.start();
  const client = new webApi.WebClient("xoxb-test", {
    slackApiUrl: fake.apiUrl,
    timeout: 1500,
    retryConfig: { retries: 0 },
    allowAbsoluteUrls: false,
  });
  sender = new SlackSender(client, { timeoutMs: 1500, responseHosts: new Set([new URL(fake.url).host]) });
});
afterAll(async () => {
  await fake?.stop();
});

async function failureOf(p: Promise<unknown>): Promise<SlackSendError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof SlackSendError) return e;
    throw e;
  }
  return expect.fail("the call succeeded");
}

describe("SlackSender", () => {
  it("uploads an .ics file to the user's DM even when the answer itself was ephemeral", async () => {
    const ics = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n";
    const { uploads } = renderReply({
      text: "Kallelse",
      blocks: [{ type: "file", file: { filename: "sip-mote.ics", mimeType: "text/calendar", content: ics } }],
    });
    fake.clear();
    await sender.upload(
      "U0ANNA001",
      { kind: "ephemeral", channel: "C0SAMVERK" },
      uploads[0] ?? expect.fail("no upload"),
    );
    expect(fake.calls.map((c) => c.method)).toEqual([
      "conversations.open",
      "files.getUploadURLExternal",
      "upload",
      "files.completeUploadExternal",
    ]);
    expect(fake.of("files.getUploadURLExternal")[0]?.params).toMatchObject({ filename: "sip-mote.ics" });
    expect(fake.of("upload")[0]?.params.raw).toContain(ics);
    expect(fake.of("files.completeUploadExternal")[0]?.params.channel_id).toBe("D0ANNA001");
  });

  it("never calls a response_url outside Slack's hosts", async () => {
    fake.clear();
    const m = { text: "t", blocks: [] };
    const err = await sender
      .send("U1", { kind: "respond", url: "http://169.254.169.254/latest/meta-data" }, m)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SlackSendError);
    expect((err as SlackSendError).failure).toBe("refused");
    for (const url of ["file:///etc/passwd", "not a url", `ftp://${new URL(fake.url).host}/x`]) {
      expect(
        await sender
          .send("U1", { kind: "respond", url }, m)
          .catch((e: unknown) => (e as SlackSendError).failure),
      ).toBe("refused");
    }
    expect(fake.calls).toEqual([]);
  });

  it("maps Slack's answers onto refused (an error from Slack) and unreachable (no answer)", async () => {
    const m = { text: "t", blocks: [] };
    fake.fail("chat.postMessage", { error: "not_in_channel", times: 1 });
    const refused = await failureOf(sender.send("U1", { kind: "post", channel: "D1" }, m));
    expect([refused.failure, refused.slackError]).toEqual(["refused", "not_in_channel"]);
    fake.fail("chat.postMessage", { status: 503, times: 1 });
    const down = await failureOf(sender.send("U1", { kind: "post", channel: "D1" }, m));
    expect(down.failure).toBe("unreachable");
    expect(await sender.send("U1", { kind: "post", channel: "D1" }, m)).toMatch(/^\d+\.\d+$/);
  });
});
