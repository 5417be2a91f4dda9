// `subject_types_supported` offers at least one defined subject identifier type, `public` or `pairwise`
// (OIDC Discovery §3 ; OIDC Core §8).
import { SKIP, defineRule } from '../types.js';
import { pointerTo, stringValues } from './support.js';

const LIST = 'subject_types_supported';
const SUBJECT_TYPES = ['public', 'pairwise'];

export const discSubjectTypes = defineRule({
  id: 'disc.subject-types',
  title: 'Subject types include public or pairwise',
  severity: 'error',
  spec: 'OIDC Discovery §3',
  scope: 'discovery',
  run: ({ doc }) => {
    const types = stringValues(doc, LIST);
    if (types === undefined) return SKIP;
    if (types.some((t) => SUBJECT_TYPES.includes(t))) return [];
    return [
      {
        message: `"${LIST}" contains neither "public" nor "pairwise"; an OpenID Provider must offer at least one of them`,
        pointer: pointerTo(LIST),
        expected: 'public and/or pairwise',
      },
    ];
  },
});
