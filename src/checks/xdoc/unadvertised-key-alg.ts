// A key's `alg` appears in some `*_alg_values_supported` list of the metadata (OIDC Discovery §3); a key for an
// algorithm the provider does not advertise is usually a leftover from an earlier configuration.

import { defineRule } from '../types.js';
import { advertisedAlgorithms } from './advertised.js';
import { keyIdentity, quote } from '../support.js';

const ALG_LIST = /_alg_values_supported$/;

export const xdocUnadvertisedKeyAlg = defineRule({
  id: 'xdoc.unadvertised-key-alg',
  title: 'Every key algorithm is advertised in the metadata',
  severity: 'info',
  spec: 'OIDC Discovery §3',
  scope: 'xdoc',
  run: ({ discovery, keys }) => {
    const lists = Object.keys(discovery).filter((name) => ALG_LIST.test(name));
    const advertised = new Set(advertisedAlgorithms(discovery, lists).map((a) => a.alg));
    return keys
      .filter((key) => key.object !== undefined && key.alg !== undefined && !advertised.has(key.alg))
      .map((key) => ({
        // Findings of this scope are about the discovery document, so the key is named in the message.
        message: `key ${key.kid === undefined ? key.pointer : `${quote(key.kid)} (${key.pointer})`} has alg ${quote(key.alg ?? '')}, which no *_alg_values_supported list advertises; it may be a leftover key`,
        ...keyIdentity(key),
      }));
  },
});
