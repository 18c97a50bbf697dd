/** Zero-width space: invisible, and not something any markdown construct can span. */
const ZWSP = '\u200B';

/**
 * Makes a value (a nickname, a name, echoed input, a cloud message) plain text inside DingTalk
 * markdown. Link, image and HTML syntax only work when their characters touch (`](`, `![`, `<a`),
 * so a zero-width space between them leaves the text looking the same and inert; `@` is split
 * from what follows so a value cannot name someone; newlines become spaces so a value cannot
 * start a heading, list or quote. DingTalk documents no backslash escapes, hence this.
 */
export function escapeMarkdownValue(value: string): string {
  return value
    .replace(/\s*[\r\n]+\s*/g, ' ')
    .replace(/!\[/g, `!${ZWSP}[`)
    .replace(/\](?=\s?[([])/g, `]${ZWSP}`)
    .replace(/<(?=[A-Za-z/!?])/g, `<${ZWSP}`)
    .replace(/@/g, `@${ZWSP}`);
}

/**
 * A fact gpubot itself produced (an id, a URL, a password), shown as written: a URL stays
 * clickable, a single token goes in a code span so markdown cannot eat its `_` or `*` (passwords
 * are base64url), anything else is escaped like any value.
 */
export function renderVerbatim(value: string): string {
  if (/^https?:\/\/\S+$/.test(value)) return value;
  if (/^[^\s`]+$/.test(value)) return `\`${value}\``;
  return escapeMarkdownValue(value);
}
