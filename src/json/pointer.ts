/** RFC 6901 JSON pointers: '' is the whole document; each reference token escapes '~' as '~0' and '/' as '~1'. */

export function escapePointerToken(token: string): string {
  // Order matters (RFC 6901 §4): '~' first, so the '~' of a produced '~1' is not escaped again.
  return token.includes('~') || token.includes('/') ? token.replaceAll('~', '~0').replaceAll('/', '~1') : token;
}

/** The pointer of `token` inside the value at `parent`. */
export function childPointer(parent: string, token: string | number): string {
  return `${parent}/${typeof token === 'number' ? String(token) : escapePointerToken(token)}`;
}
