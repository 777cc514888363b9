import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

export const ROOT = new URL('../../', import.meta.url).pathname;
export const TOP_FOLDERS = ['core', 'policy', 'catalog', 'connector', 'examples', 'bench', 'console'] as const;

export interface SourceFile {
  path: string;
  top: string;
  text: string;
  isTest: boolean;
  isGenerated: boolean;
}

/** Every TypeScript source file under the top-level folders. */
export function sourceFiles(): SourceFile[] {
  const out: SourceFile[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const full = join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (name.endsWith('.ts') && !name.endsWith('.d.ts')) {
        const path = relative(ROOT, full);
        const text = readFileSync(full, 'utf8');
        out.push({ path, top: path.split('/')[0] ?? '', text, isTest: name.endsWith('.test.ts'), isGenerated: text.startsWith('// Generated') });
      }
    }
  };
  for (const top of TOP_FOLDERS) {
    try {
      walk(join(ROOT, top));
    } catch {
      // a folder that does not exist yet has no files
    }
  }
  return out;
}
