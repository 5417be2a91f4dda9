/**
 * Text from a monitored document (a kid, a member value quoted in a message, a pointer, a redirect URL) ends up in
 * terminals and CI logs. Printed raw, a hostile document could clear the screen, set the window title, or start a
 * line of its own: a forged "Verdict: PASS", or a GitHub Actions "::" workflow command (review of the CLI, defect 4).
 */

/**
 * C0 controls (newline, carriage return and escape among them), DEL and C1 controls (U+009B is CSI to some
 * terminals); also U+2028/U+2029, which some log viewers break lines on, and the bidirectional overrides and isolates,
 * which reorder what is shown (CVE-2021-42574, "Trojan Source").
 */
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/**
 * `text` with each unprintable character written as a `\uXXXX` escape. The escape is also valid JSON: a JSON line
 * passed through here is the same JSON, safe to print (JSON.stringify leaves DEL, C1 controls and U+2028 raw).
 */
export function printable(text: string): string {
  return text.replace(UNPRINTABLE, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** `text` cut to `maxChars` code points (a surrogate pair is never split), marked with an ellipsis when cut. */
export function clipped(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  const chars = Array.from(text);
  return chars.length <= maxChars ? text : `${chars.slice(0, maxChars - 1).join('')}…`;
}
