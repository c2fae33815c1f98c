import { createContext, useContext, useMemo } from 'react';
import { englishLabels, type HandsetLabels } from './english';

/** Any part of `HandsetLabels`, two levels deep (`{ callButtons: { mute: 'Stumm' } }`). */
export type LabelsOverride = {
  readonly [K in keyof HandsetLabels]?: HandsetLabels[K] extends string
    ? string
    : { readonly [L in keyof HandsetLabels[K]]?: HandsetLabels[K][L] extends string ? string : Partial<HandsetLabels[K][L]> };
};

/** The words of the nearest `PhoneProvider` (English without one). */
export const LabelsContext = createContext<HandsetLabels>(englishLabels);
LabelsContext.displayName = 'HandsetLabels';

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

/** `base` with `override` laid over it, section by section (and one level inside, for warnings and states). */
export function mergeLabels(base: HandsetLabels, override: LabelsOverride | undefined): HandsetLabels {
  if (!override) return base;
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(override)) {
    if (value === undefined) continue;
    const current = merged[key];
    if (!isRecord(value) || !isRecord(current)) {
      merged[key] = value;
      continue;
    }
    const section: Record<string, unknown> = { ...current };
    for (const [inner, word] of Object.entries(value)) {
      if (word === undefined) continue;
      section[inner] = isRecord(word) && isRecord(section[inner]) ? { ...section[inner], ...word } : word;
    }
    merged[key] = section;
  }
  return merged as unknown as HandsetLabels;
}

/** One section of the words in force, with a component's own `labels` laid over it. */
export function useLabels<K extends keyof HandsetLabels>(section: K, override?: LabelsOverride[K]): HandsetLabels[K] {
  const labels = useContext(LabelsContext);
  return useMemo(
    () => (override ? mergeLabels(labels, { [section]: override } as LabelsOverride)[section] : labels[section]),
    [labels, section, override],
  );
}

/** The locale for `Intl` formatting: the labels' `locale`, or the browser's when it is empty. */
export function useLocale(): string | undefined {
  return useContext(LabelsContext).locale || undefined;
}

/** Puts values into `{name}` marks. */
export function fill(template: string, values: Readonly<Record<string, string | number>>): string {
  return template.replace(/\{(\w+)\}/g, (mark, name: string) => (name in values ? String(values[name]) : mark));
}
