// The digest's trend chart: a real PNG (decoded with pngjs), not empty, with the lines drawn in colour; the
// alt text says the same figures in words; and the digest renders with the image and as text only.
import { PNG } from "pngjs";
import { describe, expect, it } from "vitest";
import type { Digest } from "../../src/app/digest-ports.ts";
import { digestNotification } from "../../src/app/digest-weekly.ts";
import { parseNotification } from "../../src/app/notifications.ts";
import { digestReply } from "../../src/conversation/follow-through-views.ts";
import { renderNotification } from "../../src/conversation/notify.ts";
import { digestWeek, emptyFigures, FIGURE_KEYS, trendOf, trendWeeks } from "../../src/domain/digest.ts";
import { ChartError, renderTrendPng, trendSvg } from "../../src/report/digest-chart.ts";
import { trendInput, VegaDigestChart } from "../../src/report/digest-chart-port.ts";

function sampleDigest(): Digest {
  const week = digestWeek("2026-11-16");
  const weeks = trendWeeks(week).map((w, i) => ({
    ...emptyFigures("u1", w.start),
    sipsActive: [2, 2, 3, 3, 2][i] ?? 0,
    sipsHeld: [1, 0, 1, 0, 1][i] ?? 0,
    sipsFollowedUp: [0, 0, 0, 0, 1][i] ?? 0,
    commitmentsOverdue: [1, 1, 0, 1, 1][i] ?? 0,
  }));
  const current = weeks[4] ?? emptyFigures("u1", week.start);
  const previous = weeks.slice(0, 4);
  const trends = Object.fromEntries(
    FIGURE_KEYS.map((k) => [
      k,
      trendOf(
        current[k],
        previous.map((p) => p[k]),
      ),
    ]),
  );
  return {
    week,
    units: [
      {
        unit: { id: "u1", name: "Hemtjänst Norr", principal: "MUNICIPALITY" },
        current,
        previous,
        trends: trends as Digest["units"][number]["trends"],
        overdue: [
          {
            number: 12,
            unitId: "u1",
            principal: "MUNICIPALITY",
            dueDate: "2026-11-13",
            daysOverdue: 9,
            personRef: "K-7F3Q",
          },
        ],
        bothPrincipalsRefs: [],
      },
    ],
    byPrincipal: [],
    pollsWithoutAnswers: null,
  };
}

describe("the trend chart", () => {
  it("is a PNG of the expected size with coloured lines on white", async () => {
    const png = await renderTrendPng(trendInput(sampleDigest(), "sv"));
    expect(Buffer.from(png.subarray(0, 8)).toString("hex")).toBe("89504e470d0a1a0a");
    const image = PNG.sync.read(Buffer.from(png));
    expect(image.width).toBeGreaterThan(600);
    expect(image.height).toBeGreaterThan(300);
    let coloured = 0;
    let white = 0;
    for (let i = 0; i < image.data.length; i += 4) {
      const [r, g, b] = [image.data[i] ?? 0, image.data[i + 1] ?? 0, image.data[i + 2] ?? 0];
      if (r > 245 && g > 245 && b > 245) white++;
      else if (Math.max(r, g, b) - Math.min(r, g, b) > 60) coloured++;
    }
    const total = image.width * image.height;
    expect(white / total).toBeGreaterThan(0.5);
    expect(coloured).toBeGreaterThan(500); // the three series and their legend
  });

  it("labels the weeks by ISO number and uses the reader's language", async () => {
    const input = trendInput(sampleDigest(), "sv");
    expect(input.weeks).toEqual(["v. 43", "v. 44", "v. 45", "v. 46", "v. 47"]);
    expect(input.series.map((s) => s.values)).toEqual([
      [2, 2, 3, 3, 2],
      [1, 0, 1, 0, 2],
      [1, 1, 0, 1, 1],
    ]);
    const svg = await trendSvg(trendInput(sampleDigest(), "en"));
    expect(svg).toContain("Active SIPs");
    expect(svg).toContain("wk 47");
  });

  it("fails with a coded error when the font is missing", async () => {
    const err = await renderTrendPng(trendInput(sampleDigest(), "sv"), "/nonexistent/font.ttf").catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ChartError);
    expect((err as ChartError).code).toBe("FONT_MISSING");
  });
});

describe("the digest message", () => {
  it("carries the chart as an image block, with the alt text in the plain text", async () => {
    const digest = sampleDigest();
    const chart = await new VegaDigestChart().render(digest, "sv");
    expect(chart.altText).toContain("Aktiva SIP: v. 43 2, v. 44 2, v. 45 3, v. 46 3, v. 47 2.");
    const note = digestNotification(digest, chart);
    const parsed = parseNotification(JSON.parse(JSON.stringify(note)));
    expect(parsed?.kind).toBe("weeklyDigest");
    const reply = renderNotification(note, "sv");
    const image = reply?.blocks.find((b) => b.type === "image");
    expect(image?.type === "image" && image.image.pngBase64.length).toBeGreaterThan(1000);
    expect(reply?.text).toContain("aktiva SIP vid veckans slut: 2");
    expect(reply?.text).toContain("åtagande 12 (K-7F3Q)");
    expect(reply?.text).toContain(chart.altText);
  });

  it("has a text-only variant without the image", () => {
    const note = digestNotification(sampleDigest(), null);
    const reply = digestReply(note, "en", { textOnly: true });
    expect(reply.blocks.some((b) => b.type === "image")).toBe(false);
    expect(reply.text).toContain("Weekly digest for Hemtjänst Norr, week 47");
    expect(reply.text).toContain("overdue commitments: 1");
  });

  it("refuses a stored digest that was altered (bad image data, oversized lists)", () => {
    const note = digestNotification(sampleDigest(), { pngBase64: "not base64!", altText: "x" });
    expect(parseNotification(note)).toBeNull();
    const big = digestNotification(sampleDigest(), null);
    const units = Array.from({ length: 201 }, () => big.units[0]);
    expect(parseNotification({ ...big, units })).toBeNull();
  });
});
