// The templates port: where the email renderers and the subscription pages get their Handlebars templates.
// adapters/templates.ts reads them from the `templates/` directory; tests may hand in others.

export interface TemplateSource {
  /** The text of a template by file name, e.g. `digest.html.hbs`. Throws when it does not exist. */
  get(name: string): string;
  /** Partials by name (file name without `.hbs`) from `partials/`. */
  partials(): Record<string, string>;
}
