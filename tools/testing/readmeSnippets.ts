import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/** A ```ts or ```tsx block of a README, and where it starts (1-based line of its first code line). */
export interface Snippet {
  readonly readme: string;
  readonly line: number;
  readonly lang: 'ts' | 'tsx';
  readonly code: string;
  /**
   * Declarations the snippet takes for granted (a token, a call), from an HTML comment right above its fence,
   * which the rendered README does not show: `<!-- ts-context: declare const token: string; -->`.
   */
  readonly context: string;
}

/** The READMEs a user reads: the root's, every package's and every example's. */
export function readmes(root: string): string[] {
  const inFolders = (folder: string) =>
    readdirSync(join(root, folder), { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => join(root, folder, entry.name, 'README.md'))
      .filter((path) => existsSync(path));
  return [join(root, 'README.md'), ...inFolders('packages'), ...inFolders('examples')];
}

/** Every ```ts / ```tsx block of a markdown file (other languages, and untagged blocks, are not code to check). */
export function snippetsOf(path: string, root: string): Snippet[] {
  const lines = readFileSync(path, 'utf8').split('\n');
  const snippets: Snippet[] = [];
  let open: { lang: 'ts' | 'tsx'; line: number; body: string[]; context: string } | null = null;
  let fence: string | null = null;
  let context: string[] | null = null; // the last ts-context comment, while nothing else came after it
  let inContext = false;
  lines.forEach((text, index) => {
    if (fence === null && (inContext || /^<!--\s*ts-context:/.test(text))) {
      if (!inContext) context = [];
      const body = text.replace(/^<!--\s*ts-context:/, '');
      inContext = !body.includes('-->');
      context!.push(body.replace(/-->.*$/, ''));
      return;
    }
    const marker = /^(\s*)(`{3,}|~{3,})\s*([\w-]*)/.exec(text);
    if (fence === null) {
      if (!marker) {
        context = null;
        return;
      }
      fence = marker[2]!;
      const lang = marker[3];
      open = lang === 'ts' || lang === 'tsx' ? { lang, line: index + 2, body: [], context: (context ?? []).join('\n').trim() } : null;
      context = null;
    } else if (marker && marker[2]!.startsWith(fence) && marker[3] === '') {
      if (open)
        snippets.push({
          readme: relative(root, path),
          line: open.line,
          lang: open.lang,
          code: open.body.join('\n'),
          context: open.context,
        });
      open = null;
      fence = null;
    } else if (open) {
      open.body.push(text);
    }
  });
  return snippets;
}
