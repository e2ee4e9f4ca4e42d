import { Resvg } from '@resvg/resvg-js';
import type { FontChoice } from './findFont.ts';

/**
 * Rasterise standalone SVG markup to PNG with resvg, on white, at `scale`
 * device pixels per SVG pixel (2 gives sharp text on high-density screens
 * and in print). Only `font` is loaded, not the system's fonts: that is
 * quick and the output is the same on every machine with that font; the
 * font is also made the fallback for the generic families the chart names.
 *
 * @example
 * const png = svgToPng(svg, findFont('zh'), { scale: 2 }); // Uint8Array, 1440 px wide for a 720 px chart
 */
export function svgToPng(svg: string, font: FontChoice, o: { scale?: number } = {}): Uint8Array {
  const resvg = new Resvg(svg, {
    background: 'white',
    fitTo: { mode: 'zoom', value: o.scale ?? 2 },
    font: {
      fontFiles: [font.file],
      loadSystemFonts: false,
      defaultFontFamily: font.family,
      sansSerifFamily: font.family,
      serifFamily: font.family,
      monospaceFamily: font.family,
    },
  });
  return resvg.render().asPng();
}
