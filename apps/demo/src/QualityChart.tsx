import type { QualitySample } from '@handset/core/media';
import type { ReactNode } from 'react';

interface Series {
  readonly key: string;
  readonly label: string;
  readonly unit: string;
  readonly read: (sample: QualitySample) => number;
  /** The scale's floor and ceiling; the ceiling grows with the data. */
  readonly min: number;
  readonly max: number;
  readonly digits: number;
}

const series: readonly Series[] = [
  { key: 'mos', label: 'MOS', unit: '', read: (s) => s.mos ?? Number.NaN, min: 1, max: 4.5, digits: 2 },
  { key: 'rtt', label: 'Round trip', unit: 'ms', read: (s) => s.rtt, min: 0, max: 100, digits: 0 },
  { key: 'jitter', label: 'Jitter', unit: 'ms', read: (s) => s.jitter, min: 0, max: 30, digits: 1 },
  { key: 'loss', label: 'Packet loss', unit: '%', read: (s) => s.packetsLostFraction, min: 0, max: 5, digits: 1 },
];

const width = 160;
const height = 32;

/** A small live chart of the call's quality samples: one sparkline per measure, with the latest value as text. */
export function QualityChart({ samples, capacity = 60 }: { samples: readonly QualitySample[]; capacity?: number }): ReactNode {
  const last = samples.at(-1);
  return (
    <figure className="demo-chart" data-samples={samples.length}>
      <figcaption className="demo-chart-caption">
        Call quality {samples.length ? `(last ${samples.length} s)` : '(measured once a second after the answer)'}
      </figcaption>
      <dl className="demo-chart-rows">
        {series.map((s) => {
          const values = samples.map(s.read).map((v) => (Number.isFinite(v) ? v : 0));
          const max = Math.max(s.max, ...values);
          // The window fills from the left for the first 20 s, then scrolls (the last `capacity` samples).
          const span = Math.min(capacity, Math.max(20, values.length)) - 1;
          const x = (i: number) => (width * i) / span;
          const y = (v: number) => height - 2 - ((height - 4) * (Math.min(max, Math.max(s.min, v)) - s.min)) / (max - s.min);
          const points = values.map((v, i) => `${x(i).toFixed(1)},${y(v).toFixed(1)}`).join(' ');
          const latest = last ? s.read(last) : null;
          return (
            <div key={s.key} className="demo-chart-row" data-series={s.key}>
              <dt>{s.label}</dt>
              <dd>
                <svg
                  className="demo-chart-line"
                  viewBox={`0 0 ${width} ${height}`}
                  width={width}
                  height={height}
                  aria-hidden="true"
                  focusable="false"
                >
                  <line x1="0" x2={width} y1={height - 1} y2={height - 1} className="demo-chart-axis" />
                  {values.length > 1 && <polyline points={points} className="demo-chart-stroke" />}
                  {values.length > 0 && <circle cx={x(values.length - 1)} cy={y(values.at(-1) ?? 0)} r="2.5" className="demo-chart-dot" />}
                </svg>
                <span className="demo-chart-value">
                  {latest === null || !Number.isFinite(latest) ? '—' : `${latest.toFixed(s.digits)}${s.unit ? ` ${s.unit}` : ''}`}
                </span>
              </dd>
            </div>
          );
        })}
      </dl>
    </figure>
  );
}
