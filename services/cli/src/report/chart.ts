// The accuracy-by-round chart of a run, drawn as plain SVG and rendered to PNG.
import { Resvg } from '@resvg/resvg-js';
import type { RoundResult } from '../../../core/src/index.js';

const WIDTH = 760;
const HEIGHT = 440;
const MARGIN = { top: 48, right: 24, bottom: 56, left: 64 };
const PLOT_WIDTH = WIDTH - MARGIN.left - MARGIN.right;
const PLOT_HEIGHT = HEIGHT - MARGIN.top - MARGIN.bottom;
const FONT = 'font-family="DejaVu Sans, Arial, Helvetica, sans-serif"';

/** One line of the chart. */
interface Series {
  readonly label: string;
  readonly color: string;
  /** SVG stroke-dasharray; empty for a solid line. */
  readonly dash: string;
  readonly value: (round: RoundResult) => number;
}

const SERIES: readonly Series[] = [
  { label: 'honest mean', color: '#1f77b4', dash: '', value: (r) => r.honestAccuracyMean },
  { label: 'honest min', color: '#d62728', dash: '6 4', value: (r) => r.honestAccuracyMin },
  { label: 'own-model mean', color: '#2ca02c', dash: '2 3', value: (r) => r.ownAccuracyMean },
];

const escape = (text: string): string =>
  text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');

const fixed = (value: number): string => value.toFixed(1);

/** Round numbers to label on the x axis: all of them when few, about ten otherwise. */
function roundTicks(last: number): number[] {
  const step = Math.max(1, Math.ceil(last / 10));
  const ticks = [];
  for (let round = 1; round <= last; round += step) ticks.push(round);
  if (ticks.at(-1) !== last) ticks.push(last);
  return ticks;
}

function axes(last: number, x: (round: number) => number, y: (ratio: number) => number): string[] {
  const parts: string[] = [];
  for (const ratio of [0, 0.2, 0.4, 0.6, 0.8, 1]) {
    const top = fixed(y(ratio));
    parts.push(
      `<line x1="${MARGIN.left}" y1="${top}" x2="${MARGIN.left + PLOT_WIDTH}" y2="${top}" ` +
        'stroke="#e0e0e0"/>',
      `<text x="${MARGIN.left - 8}" y="${top}" text-anchor="end" dominant-baseline="middle" ` +
        `font-size="12" ${FONT}>${ratio.toFixed(1)}</text>`,
    );
  }
  for (const round of roundTicks(last)) {
    const left = fixed(x(round));
    const bottom = MARGIN.top + PLOT_HEIGHT;
    parts.push(
      `<line x1="${left}" y1="${bottom}" x2="${left}" y2="${bottom + 5}" stroke="#333"/>`,
      `<text x="${left}" y="${bottom + 20}" text-anchor="middle" font-size="12" ${FONT}>` +
        `${round}</text>`,
    );
  }
  parts.push(
    `<rect x="${MARGIN.left}" y="${MARGIN.top}" width="${PLOT_WIDTH}" height="${PLOT_HEIGHT}" ` +
      'fill="none" stroke="#333"/>',
    `<text x="${MARGIN.left + PLOT_WIDTH / 2}" y="${HEIGHT - 12}" text-anchor="middle" ` +
      `font-size="13" ${FONT}>round</text>`,
    `<text transform="translate(18 ${MARGIN.top + PLOT_HEIGHT / 2}) rotate(-90)" ` +
      `text-anchor="middle" font-size="13" ${FONT}>test accuracy</text>`,
  );
  return parts;
}

/** Path of one series; a round without a value (NaN) breaks the line rather than faking 0. */
function line(series: Series, rounds: readonly RoundResult[], x: Scale, y: Scale): string[] {
  const points = rounds.map((r) => ({ round: r.round, value: series.value(r) }));
  let path = '';
  let pen = 'M';
  for (const { round, value } of points) {
    if (!Number.isFinite(value)) {
      pen = 'M';
      continue;
    }
    path += `${pen}${fixed(x(round))} ${fixed(y(value))} `;
    pen = 'L';
  }
  const dash = series.dash === '' ? '' : ` stroke-dasharray="${series.dash}"`;
  const dots = points
    .filter(({ value }) => Number.isFinite(value))
    .map(
      ({ round, value }) =>
        `<circle cx="${fixed(x(round))}" cy="${fixed(y(value))}" r="2.5" fill="${series.color}"/>`,
    );
  if (path === '') return dots;
  return [
    `<path d="${path.trim()}" fill="none" stroke="${series.color}" stroke-width="2"${dash}/>`,
    ...dots,
  ];
}

type Scale = (value: number) => number;

function legend(): string[] {
  return SERIES.flatMap((series, i) => {
    const left = MARGIN.left + 12 + i * 170;
    const top = MARGIN.top - 16;
    const dash = series.dash === '' ? '' : ` stroke-dasharray="${series.dash}"`;
    return [
      `<line x1="${left}" y1="${top}" x2="${left + 28}" y2="${top}" stroke="${series.color}" ` +
        `stroke-width="2"${dash}/>`,
      `<text x="${left + 34}" y="${top}" dominant-baseline="middle" font-size="12" ${FONT}>` +
        `${series.label}</text>`,
    ];
  });
}

/** The chart as an SVG document: honest mean and min accuracy and own-model mean by round. */
export function accuracyChartSvg(rounds: readonly RoundResult[], title: string): string {
  const last = Math.max(1, ...rounds.map((r) => r.round));
  // A single round sits in the middle instead of dividing by zero.
  const x: Scale = (round) =>
    last === 1
      ? MARGIN.left + PLOT_WIDTH / 2
      : MARGIN.left + ((round - 1) / (last - 1)) * PLOT_WIDTH;
  const y: Scale = (ratio) => MARGIN.top + (1 - ratio) * PLOT_HEIGHT;
  const body = [
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="#ffffff"/>`,
    `<text x="${WIDTH / 2}" y="20" text-anchor="middle" font-size="14" font-weight="bold" ` +
      `${FONT}>${escape(title)}</text>`,
    ...axes(last, x, y),
    ...SERIES.flatMap((series) => line(series, rounds, x, y)),
    ...legend(),
  ];
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" ` +
      `viewBox="0 0 ${WIDTH} ${HEIGHT}">`,
    ...body.map((part) => `  ${part}`),
    '</svg>',
    '',
  ].join('\n');
}

/** Renders an SVG to PNG with the system's fonts; without any font the text is left out. */
export function svgToPng(svg: string): Buffer {
  const resvg = new Resvg(svg, {
    font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' },
    background: '#ffffff',
  });
  return resvg.render().asPng();
}
