import { ratio } from './stats.js';

/** One measured figure, printed with its baseline ratio and, when it has one, its target and whether it is met. */
export interface Figure {
  readonly label: string;
  readonly value: number;
  readonly unit: string;
  /** The same figure in the run's baseline, printed as `value / baseline`. */
  readonly baseline?: { readonly value: number; readonly name: string };
  readonly target?: { readonly limit: number; readonly text: string };
}

const round = (value: number): string =>
  !Number.isFinite(value) ? 'n/a' : Math.abs(value) >= 100 ? value.toFixed(0) : value.toFixed(value % 1 === 0 ? 0 : 2);

/** A figure meets its target when it is at most the limit (every target here is an upper bound). */
export function meets(figure: Figure): boolean | undefined {
  if (!figure.target) return undefined;
  return Number.isFinite(figure.value) && figure.value <= figure.target.limit;
}

export function formatFigure(figure: Figure): string {
  const parts = [`${figure.label.padEnd(46)} ${round(figure.value).padStart(8)} ${figure.unit.padEnd(6)}`];
  if (figure.baseline) {
    parts.push(`(${round(ratio(figure.value, figure.baseline.value))}× ${figure.baseline.name} ${round(figure.baseline.value)})`);
  }
  const met = meets(figure);
  if (figure.target)
    parts.push(`target ${figure.target.text} = ${round(figure.target.limit)} ${figure.unit} ${met ? 'PASS' : 'MISS'}`);
  return parts.join('  ');
}

export interface Section {
  readonly title: string;
  readonly notes: readonly string[];
  readonly figures: readonly Figure[];
}

export function formatSection(section: Section): string {
  return [
    `== ${section.title}`,
    ...section.notes.map((note) => `   ${note}`),
    ...section.figures.map((f) => `   ${formatFigure(f)}`),
  ].join('\n');
}
