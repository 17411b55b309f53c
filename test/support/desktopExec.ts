// What a desktop environment does with a launcher's Exec line: the field codes
// (%f, %U, %i, …) expanded into the argv it runs. Tests use it to run the
// entries Toolshed writes the way a menu would.

export interface FieldCodeValues {
  /** Files for %f/%F. */
  files?: string[];
  /** URLs for %u/%U. */
  urls?: string[];
  icon?: string;
  /** The translated Name for %c. */
  name?: string;
  /** The .desktop file's location for %k. */
  location?: string;
}

/** The argv a launcher runs for these templates (what a desktop environment does with Exec). */
export function expandExec(templates: readonly string[], values: FieldCodeValues = {}): string[] {
  const argv: string[] = [];
  for (const template of templates) {
    const files = values.files ?? [];
    const urls = values.urls ?? [];
    if (template === '%F') argv.push(...files);
    else if (template === '%U') argv.push(...urls);
    else if (template === '%f') argv.push(...files.slice(0, 1));
    else if (template === '%u') argv.push(...urls.slice(0, 1));
    else if (template === '%i') argv.push(...(values.icon ? ['--icon', values.icon] : []));
    else {
      const expanded = template.replace(/%(.)/g, (_m, code: string) => {
        if (code === '%') return '%';
        if (code === 'c') return values.name ?? '';
        if (code === 'k') return values.location ?? '';
        return '';
      });
      argv.push(expanded);
    }
  }
  return argv;
}
