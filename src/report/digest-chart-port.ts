// The app's DigestChartPort: the five-week trend of a digest drawn as a PNG, with an alt text that says
// the same in words (for screen readers and clients that show no images).
import type { Digest, DigestChart, DigestChartPort } from "../app/digest-ports.ts";
import type { Locale } from "../app/ports.ts";
import { texts } from "../conversation/locale.ts";
import { digestWeek, type UnitWeekFigures } from "../domain/digest.ts";
import { DEFAULT_CHART_FONT, renderTrendPng, type TrendChartInput } from "./digest-chart.ts";

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

export class VegaDigestChart implements DigestChartPort {
  private readonly fontPath: string;
  constructor(fontPath: string = DEFAULT_CHART_FONT) {
    this.fontPath = fontPath;
  }

  async render(digest: Digest, locale: Locale): Promise<DigestChart> {
    const input = trendInput(digest, locale);
    const png = await renderTrendPng(input, this.fontPath);
    const unitName = digest.units.map((s) => s.unit.name).join(", ");
    return { pngBase64: Buffer.from(png).toString("base64"), altText: altText(input, unitName, locale) };
  }
}
