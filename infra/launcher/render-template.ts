/** Replaces `${NAME}` tokens; an unknown or unfilled token is an error, never left in the output. */
export function renderTemplate(template: string, values: Record<string, string | number>): string {
  return template.replace(/\$\{([A-Z0-9_]+)\}/g, (_match, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`template token \${${name}} has no value`);
    return String(value);
  });
}
