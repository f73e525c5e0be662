// Loads Handlebars templates and partials from the `templates/` directory: the repository's copy locally, and
// TEMPLATES_DIR in Lambda (the bundle carries a copy of the directory).
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TemplateSource } from '../email/templates.js';

export function defaultTemplatesDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.TEMPLATES_DIR ?? resolve(dirname(fileURLToPath(import.meta.url)), '../../templates');
}

export function fileTemplates(dir: string = defaultTemplatesDir()): TemplateSource {
  const cache = new Map<string, string>();
  return {
    get(name) {
      let text = cache.get(name);
      if (text === undefined) {
        text = readFileSync(join(dir, name), 'utf8');
        cache.set(name, text);
      }
      return text;
    },
    partials() {
      const out: Record<string, string> = {};
      let names: string[] = [];
      try {
        names = readdirSync(join(dir, 'partials'));
      } catch {
        return out;
      }
      for (const file of names) {
        if (file.endsWith('.hbs')) out[file.slice(0, -4)] = readFileSync(join(dir, 'partials', file), 'utf8');
      }
      return out;
    },
  };
}
