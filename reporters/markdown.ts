/**
 * Markdown text from target data (summary.md, the fleet summary, the diff): table cells escaped so a hostile value
 * cannot break the table or inject HTML.
 */

const MAX_CELL = 300;

/** Text in a table cell: one line, no pipes, no HTML, bounded. */
export function mdCell(s: string): string {
  const one = mdInline(s);
  return one.length > MAX_CELL ? one.slice(0, MAX_CELL - 1) + '…' : one;
}

/** Text on one Markdown line with HTML and table syntax neutralised. */
export function mdInline(s: string): string {
  return String(s)
    .replace(/[\u0000-\u001f\u007f]+/g, ' ')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\|/g, '\\|')
    .trim();
}

/** Text inside backticks: no backticks, no line breaks, no pipes (they would end a table cell). */
export function mdCode(s: string): string {
  return String(s).replace(/[`\u0000-\u001f\u007f]/g, ' ').replace(/\|/g, '¦');
}
