// The app's DigestChartPort: the five-week trend of a digest drawn as a PNG, with an alt text that says
// the same in words (for screen readers and clients that show no images).
import type { Digest, DigestChart, DigestChartPort } from "../app/digest-ports.ts";
import type { Locale } from "../app/ports.ts";
import { texts } from "../conversation/locale.ts";
import { digestWeek, type UnitWeekFigures } from "../domain/digest.ts";
import type { TrendChartInput } from "./digest-chart.ts";

export function trendInput(digest: Digest, locale: Locale): TrendChartInput {
  const t = texts(locale).ft;
  const first = digest.units[0];
  const weeks = first === undefined ? [] : [...first.previous, first.current].map((w) => w.weekStart);
  // Several units are drawn as their sum: the chart shows the manager's whole area.
  const sum = (i: number, pick: (f: UnitWeekFigures) => number) =>
    digest.units.reduce((acc, s) => {
      const w = [...s.previous, s.current][i];
      return acc + (w === undefined ? 0 : pick(w));
    }, 0);
  const series = (pick: (f: UnitWeekFigures) => number) => weeks.map((_, i) => sum(i, pick));
  const isoWeeks = weeks.map((w) => digestWeek(w).isoWeek);
  const unitName = digest.units.map((s) => s.unit.name).join(", ");
  return {
    title: t.chartTitle(unitName, isoWeeks[0] ?? digest.week.isoWeek, digest.week.isoWeek),
    weeks: isoWeeks.map((w) => (locale === "en" ? `wk ${w}` : `v. ${w}`)),
    series: [
      { name: t.chartSeries.active, values: series((f) => f.sipsActive) },
      { name: t.chartSeries.held, values: series((f) => f.sipsHeld + f.sipsFollowedUp) },
      { name: t.chartSeries.overdue, values: series((f) => f.commitmentsOverdue) },
    ],
  };
}

export function altText(input: TrendChartInput, unitName: string, locale: Locale): string {
  const t = texts(locale).ft;
  const lines = input.series
    .map((s) => `${s.name}: ${s.values.map((v, i) => `${input.weeks[i] ?? ""} ${v}`).join(", ")}.`)
    .join(" ");
  return t.chartAlt(unitName, lines).slice(0, 2000);
}

// Vega, vega-lite and resvg (tens of MB resident) are imported at the first chart, not at start-up: a
// server draws one a week per digest, and `sip serve` should not carry them in between.
export class VegaDigestChart implements DigestChartPort {
  private readonly fontPath: string | undefined;
  /** Without a font path, digest-chart.ts's default (DejaVu Sans). */
  constructor(fontPath?: string) {
    this.fontPath = fontPath;
  }

  async render(digest: Digest, locale: Locale): Promise<DigestChart> {
    const input = trendInput(digest, locale);
    const { renderTrendPng } = await import("./digest-chart.ts");
    const png = await renderTrendPng(input, this.fontPath);
    const unitName = digest.units.map((s) => s.unit.name).join(", ");
    return { pngBase64: Buffer.from(png).toString("base64"), altText: altText(input, unitName, locale) };
  }
}
