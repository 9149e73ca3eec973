// Draws the two Teams app icons into assets/teams/ (run: `node scripts/make-icons.ts`). The PNGs are
// committed; this script is kept so that they can be redrawn the same way. The mark is two overlapping
// circles, one for the region and one for the municipality; the lens where they meet is the SIP.
import { mkdirSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { PNG } from "pngjs";

type Rgb = readonly [number, number, number];
interface Circle {
  readonly cx: number;
  readonly cy: number;
  readonly r: number;
}

// Subsamples per pixel side: 4 x 4 = 16 samples give smooth edges without an image library.
const SUPERSAMPLE = 4;

const BACKGROUND: Rgb = [0x1d, 0x4e, 0x5f]; // also the manifest's accentColor
const REGION: Rgb = [0x6c, 0xb8, 0xe8];
const KOMMUN: Rgb = [0xf2, 0xb5, 0x5e];
const MEETING: Rgb = [0xfb, 0xf6, 0xec];

function inside(c: Circle, x: number, y: number): boolean {
  return (x - c.cx) ** 2 + (y - c.cy) ** 2 <= c.r ** 2;
}

function onRing(c: Circle, x: number, y: number, halfWidth: number): boolean {
  const d = Math.hypot(x - c.cx, y - c.cy);
  return Math.abs(d - c.r) <= halfWidth;
}

/** Renders a square image; `shade` gives the colour and opacity of one subsample point. */
function render(size: number, shade: (x: number, y: number) => { rgb: Rgb; alpha: number }): PNG {
  const png = new PNG({ width: size, height: size, colorType: 6 });
  const n = SUPERSAMPLE * SUPERSAMPLE;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let r = 0;
      let g = 0;
      let b = 0;
      let a = 0;
      for (let sy = 0; sy < SUPERSAMPLE; sy++) {
        for (let sx = 0; sx < SUPERSAMPLE; sx++) {
          const s = shade(px + (sx + 0.5) / SUPERSAMPLE, py + (sy + 0.5) / SUPERSAMPLE);
          // Premultiplied sums, so transparent samples do not darken the edge colour.
          r += s.rgb[0] * s.alpha;
          g += s.rgb[1] * s.alpha;
          b += s.rgb[2] * s.alpha;
          a += s.alpha;
        }
      }
      const i = (py * size + px) * 4;
      png.data[i] = a === 0 ? 0 : Math.round(r / a);
      png.data[i + 1] = a === 0 ? 0 : Math.round(g / a);
      png.data[i + 2] = a === 0 ? 0 : Math.round(b / a);
      png.data[i + 3] = Math.round((a / n) * 255);
    }
  }
  return png;
}

/** 192 x 192, opaque; the mark stays inside the central 120 x 120 that Teams keeps clear of cropping. */
export function drawColorIcon(): PNG {
  const region: Circle = { cx: 76, cy: 96, r: 40 };
  const kommun: Circle = { cx: 116, cy: 96, r: 40 };
  return render(192, (x, y) => {
    const inRegion = inside(region, x, y);
    const inKommun = inside(kommun, x, y);
    const rgb = inRegion && inKommun ? MEETING : inRegion ? REGION : inKommun ? KOMMUN : BACKGROUND;
    return { rgb, alpha: 1 };
  });
}

/** 32 x 32, white on transparent: the two circles as rings, their meeting lens filled. */
export function drawOutlineIcon(): PNG {
  const white: Rgb = [255, 255, 255];
  const region: Circle = { cx: 11, cy: 16, r: 9 };
  const kommun: Circle = { cx: 21, cy: 16, r: 9 };
  return render(32, (x, y) => {
    const lens = inside(region, x, y) && inside(kommun, x, y);
    const ring = onRing(region, x, y, 1) || onRing(kommun, x, y, 1);
    return { rgb: white, alpha: lens || ring ? 1 : 0 };
  });
}

function main(): void {
  const outDir = fileURLToPath(new URL("../assets/teams/", import.meta.url));
  mkdirSync(outDir, { recursive: true });
  writeFileSync(`${outDir}color.png`, PNG.sync.write(drawColorIcon()));
  writeFileSync(`${outDir}outline.png`, PNG.sync.write(drawOutlineIcon()));
  console.log(`wrote color.png and outline.png to ${outDir}`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main();
}
