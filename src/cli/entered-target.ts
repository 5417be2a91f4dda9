/**
 * How a target is shown, as the user typed it. A URL's user name and password are never sent (the fetcher refuses
 * them) and never shown either: a mistyped URL in a CI log must not leak a password (review of the CLI, defect 3).
 */
import { displayUrl } from '../fetch/index.js';
import { isUrl } from '../probe/check-target.js';

/** Any scheme followed by `//`. */
const SCHEME_AND_SLASHES = /^[a-z][a-z0-9+.-]*:\/\//i;

/** http(s) without its `//` (`https:host/jwks`): meant as a URL, but the CLI takes it for a file name. */
export const HTTP_WITHOUT_SLASHES = /^https?:(?!\/\/)/i;

/** Where a URL that parses ends its authority (the `\` of the special schemes included). */
const END_OF_AUTHORITY = /[/?#\\]/;

/**
 * The `user:password@` typed into a target that looks like a URL, or undefined. A URL that parses has them before the
 * end of its authority; text that does not parse has no authority to go by, so everything up to its last `@` is taken
 * as credentials (`https://user:pa/ss@host` must not show `ss`).
 */
function typedCredentials(target: string): string | undefined {
  const scheme = SCHEME_AND_SLASHES.exec(target) ?? HTTP_WITHOUT_SLASHES.exec(target);
  if (scheme === null) return undefined;
  const rest = target.slice(scheme[0].length);
  const authorityEnd = URL.canParse(target) ? rest.search(END_OF_AUTHORITY) : -1;
  const at = (authorityEnd === -1 ? rest : rest.slice(0, authorityEnd)).lastIndexOf('@');
  return at === -1 ? undefined : rest.slice(0, at + 1);
}

/** `text` (a message that may quote the target) with the target's credentials removed wherever they appear. */
export function withoutTypedCredentials(text: string, target: string): string {
  const credentials = typedCredentials(target);
  return credentials === undefined ? text : text.replaceAll(credentials, '');
}

/** The target as output shows it: a URL without its user name and password, even when it does not parse. */
export function shownTarget(target: string): string {
  return isUrl(target) && URL.canParse(target) ? displayUrl(target) : withoutTypedCredentials(target, target);
}
