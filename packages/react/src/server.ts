// @handset/react/server: what a React Server Component may import and call. The main entry is client code
// ('use client'), so its functions are only references on the server; these are plain functions and data,
// with no React, hooks or context: the words and formatters the components use, to match them on the server.
export { type CallStatusState, englishLabels, type HandsetLabels, type QualityLevel } from './labels/english';
export { formatDuration, formatPercent, isoDuration } from './labels/format';
