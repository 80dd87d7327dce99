/**
 * CSV (formula) injection: Excel, LibreOffice and Google Sheets read a cell that starts with
 * `=`, `+`, `-` or `@` as a formula, and a leading tab or carriage return can hide one — a note typed
 * as `=HYPERLINK("http://…")` would run when an administrator opens an export. Text cells that
 * start like that are written with a leading apostrophe, the spreadsheet's own "this is text"
 * mark (OWASP CSV Injection; ASVS 1.2.10 also lists NUL).
 *
 * What is never changed:
 * - numbers (`TCsvValue` numbers are written as they are), and text that is a plain decimal number
 *   (`-3`, `+1.5`, `-2e3`, `-5%`): a spreadsheet reads it as that number, never as a formula, and a
 *   count or rate must stay a number;
 * - dates: every date the app writes is ISO text (`2025-03-14`) or a number, so it starts with a digit.
 *
 * The full-width forms (＝ ＋ － ＠, what a Chinese input method types) are treated the same as a
 * precaution: whether a spreadsheet converts them differs by product and version, and the mark costs
 * nothing because the importer takes it off.
 *
 * The importer takes the mark off again (`stripNeutralisingPrefix`, used by server/import/cells.ts),
 * so an export imports back unchanged: an apostrophe followed by one of these characters is read
 * as the character, exactly as a spreadsheet shows such a cell.
 */

/** The mark written in front of a cell that would start a formula. */
export const NEUTRALISING_PREFIX = "'";

/** First characters that make a spreadsheet read a cell as a formula (or hide one). */
const FORMULA_START = /^[=+\-@\t\r\0＝＋－＠]/;

/** Text a spreadsheet reads as a plain number: the number parser of server/import/cells.ts, plus %. */
const PLAIN_NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?%?$/;

/** The text of a cell as a spreadsheet must show it: an apostrophe in front of a would-be formula. */
export function neutraliseFormula(text: string): string {
  return FORMULA_START.test(text) && !PLAIN_NUMBER.test(text) ? NEUTRALISING_PREFIX + text : text;
}

/** The inverse of `neutraliseFormula`: drops the apostrophe in front of a would-be formula. */
export function stripNeutralisingPrefix(text: string): string {
  return text.startsWith(NEUTRALISING_PREFIX) && FORMULA_START.test(text.slice(1)) ? text.slice(1) : text;
}
