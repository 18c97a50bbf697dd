/** Splits normalized command text on any run of whitespace (JS `\s` covers the Unicode space separators). */
export function tokenize(normalized: string): string[] {
  return normalized.split(/\s+/u).filter((word) => word.length > 0);
}
