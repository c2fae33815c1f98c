import { isExtensionName } from '@handset/sandbox';

/** The line settings of this tab. The extension lives in sessionStorage, so each tab keeps its own name. */
export interface LineSettings {
  readonly extension: string;
  readonly displayName: string;
}

const extensionKey = 'handset-demo:extension';
const nameKey = 'handset-demo:display-name';

function randomExtension(): string {
  return `phone-${Math.floor(1000 + Math.random() * 9000)}`;
}

/** `?ext=alice&name=Alice` wins (handy for two tabs side by side), then this tab's saved choice, then a random name. */
export function loadLineSettings(): LineSettings {
  const params = new URLSearchParams(location.search);
  const fromUrl = params.get('ext');
  const extension = fromUrl && isExtensionName(fromUrl) ? fromUrl : (sessionStorage.getItem(extensionKey) ?? randomExtension());
  const displayName = params.get('name') ?? sessionStorage.getItem(nameKey) ?? '';
  saveLineSettings({ extension, displayName });
  return { extension, displayName };
}

export function saveLineSettings(settings: LineSettings): void {
  try {
    sessionStorage.setItem(extensionKey, settings.extension);
    sessionStorage.setItem(nameKey, settings.displayName);
  } catch {}
}
