const numberFormats = new Map<string, Intl.NumberFormat>();

function numberFormat(locale: string | undefined, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `${locale ?? ''}|${JSON.stringify(options)}`;
  let format = numberFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale, options);
    numberFormats.set(key, format);
  }
  return format;
}

/**
 * A call's duration as a clock, `m:ss` or `h:mm:ss` from one hour, with the locale's digits (`Intl.NumberFormat`).
 * Not `Intl.DurationFormat`: Node 20 (server rendering) lacks it, and the server and the browser must agree.
 */
export function formatDuration(seconds: number, locale?: string): string {
  const s = Math.max(0, Math.floor(seconds));
  const plain = numberFormat(locale, { useGrouping: false });
  const two = numberFormat(locale, { minimumIntegerDigits: 2, useGrouping: false });
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return h > 0 ? `${plain.format(h)}:${two.format(m)}:${two.format(s % 60)}` : `${plain.format(m)}:${two.format(s % 60)}`;
}

/** ISO 8601 duration for `<time dateTime>`: `PT1H2M3S` (machine-readable, never translated). */
export function isoDuration(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  return `PT${Math.floor(s / 3600)}H${Math.floor((s % 3600) / 60)}M${s % 60}S`;
}

/** A 0..1 fraction as the locale writes a whole percentage (`42 %` in German). */
export function formatPercent(fraction: number, locale?: string): string {
  return numberFormat(locale, { style: 'percent', maximumFractionDigits: 0 }).format(fraction);
}

/** A number with one decimal, as the locale writes it (MOS `4,1` in German). */
export function formatDecimal(value: number, locale?: string): string {
  return numberFormat(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(value);
}
