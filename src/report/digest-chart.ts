// The digest's trend chart: a Vega-Lite spec compiled to Vega, rendered to SVG headless (no canvas, no
// browser), then rasterised to PNG with resvg (WebAssembly). resvg has no access to system fonts in its
// WebAssembly build, so a TrueType font is loaded from disk: Debian's fonts-dejavu-core by default
// (SIP_CHART_FONT names another), the same font the SVG asks for.
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { initWasm, Resvg } from "@resvg/resvg-wasm";
import * as vega from "vega";
import { compile, type TopLevelSpec } from "vega-lite";

export const DEFAULT_CHART_FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
const FONT_FAMILY = "DejaVu Sans";

export interface TrendSeries {
  /** Legend label, already in the reader's language. */
  name: string;
  /** One value per week, oldest first. */
  values: number[];
}

export interface TrendChartInput {
  title: string;
  /** Week labels, oldest first, e.g. "v. 43". */
  weeks: string[];
  series: TrendSeries[];
}

export class ChartError extends Error {
  readonly code: "FONT_MISSING" | "RENDER_FAILED";
  constructor(code: "FONT_MISSING" | "RENDER_FAILED", message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "ChartError";
    this.code = code;
  }
}

let wasmReady: Promise<void> | undefined;
const fonts = new Map<string, Promise<Uint8Array>>();

function ensureWasm(): Promise<void> {
  wasmReady ??= (async () => {
    const require = createRequire(import.meta.url);
    await initWasm(await readFile(require.resolve("@resvg/resvg-wasm/index_bg.wasm")));
  })();
  return wasmReady;
}

function loadFont(path: string): Promise<Uint8Array> {
  let font = fonts.get(path);
  if (font === undefined) {
    font = readFile(path).then(
      (b) => new Uint8Array(b),
      (e: unknown) => {
        fonts.delete(path);
        throw new ChartError(
          "FONT_MISSING",
          `The chart font ${path} cannot be read (${(e as NodeJS.ErrnoException).code ?? "error"}); ` +
            "install fonts-dejavu-core or set SIP_CHART_FONT to a .ttf file",
        );
      },
    );
    fonts.set(path, font);
  }
  return font;
}

export function trendSpec(input: TrendChartInput): TopLevelSpec {
  const rows = input.series.flatMap((s) =>
    s.values.map((value, i) => ({ week: input.weeks[i] ?? String(i + 1), order: i, series: s.name, value })),
  );
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: { text: input.title, font: FONT_FAMILY, fontSize: 15 },
    width: 520,
    height: 240,
    background: "#ffffff",
    config: {
      font: FONT_FAMILY,
      axis: { labelFontSize: 11, titleFontSize: 12 },
      legend: { labelFontSize: 12, labelLimit: 320 },
    },
    data: { values: rows },
    mark: { type: "line", point: true, strokeWidth: 2.5 },
    encoding: {
      x: { field: "week", type: "ordinal", sort: { field: "order" }, title: null, axis: { labelAngle: 0 } },
      y: { field: "value", type: "quantitative", title: null, axis: { tickMinStep: 1 } },
      color: { field: "series", type: "nominal", title: null, legend: { orient: "bottom" } },
    },
  };
}

export async function trendSvg(input: TrendChartInput): Promise<string> {
  const vg = compile(trendSpec(input)).spec;
  const view = new vega.View(vega.parse(vg), { renderer: "none" });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** The chart as PNG bytes. */
export async function renderTrendPng(
  input: TrendChartInput,
  fontPath = DEFAULT_CHART_FONT,
): Promise<Uint8Array> {
  const [svg, font] = await Promise.all([trendSvg(input), loadFont(fontPath), ensureWasm()]);
  let resvg: InstanceType<typeof Resvg> | undefined;
  try {
    resvg = new Resvg(svg, {
      font: { fontBuffers: [font], defaultFontFamily: FONT_FAMILY, sansSerifFamily: FONT_FAMILY },
      fitTo: { mode: "zoom", value: 1.5 },
      background: "#ffffff",
    });
    const image = resvg.render();
    try {
      return image.asPng();
    } finally {
      image.free();
    }
  } catch (e) {
    throw new ChartError("RENDER_FAILED", "The trend chart could not be rasterised", { cause: e });
  } finally {
    resvg?.free();
  }
}
