// Every value in the `*_signing_alg_values_supported`, `*_encryption_alg_values_supported` and
// `*_encryption_enc_values_supported` lists is an IANA-registered JOSE algorithm of the right kind (RFC 7518 §7.1).
import { ENCRYPTION_ALG_LIST, ENCRYPTION_ENC_LIST, SIGNING_ALG_LIST } from '../../discovery/metadata.js';
import {
  ALG_NONE,
  CONTENT_ENCRYPTION_ALGORITHMS,
  algorithmInfo,
  isRegisteredAlgorithm,
} from '../../jwks/algorithms.js';
import { defineRule, type FindingDraft } from '../types.js';
import { stringEntries } from './support.js';
import { quote } from '../support.js';

type ListKind = 'signing' | 'key-management' | 'content-encryption';

function listKind(name: string): ListKind | undefined {
  if (SIGNING_ALG_LIST.test(name)) return 'signing';
  if (ENCRYPTION_ALG_LIST.test(name)) return 'key-management';
  if (ENCRYPTION_ENC_LIST.test(name)) return 'content-encryption';
  return undefined;
}

const WHAT: Readonly<Record<ListKind, string>> = {
  signing: 'a JWS signature algorithm',
  'key-management': 'a JWE key management algorithm ("alg")',
  'content-encryption': 'a JWE content encryption algorithm ("enc")',
};

function fits(kind: ListKind, value: string): boolean {
  if (kind === 'content-encryption') return CONTENT_ENCRYPTION_ALGORITHMS.includes(value);
  if (kind === 'signing') return value === ALG_NONE || algorithmInfo(value)?.use === 'sig';
  return algorithmInfo(value)?.use === 'enc';
}

export const discAlgRegistered = defineRule({
  id: 'disc.alg.registered',
  title: 'Advertised algorithms are registered',
  severity: 'info',
  spec: 'RFC 7518 §7.1',
  scope: 'discovery',
  run: ({ doc }) => {
    const findings: FindingDraft[] = [];
    for (const name of Object.keys(doc)) {
      const kind = listKind(name);
      if (kind === undefined) continue;
      for (const entry of stringEntries(doc, name) ?? []) {
        if (fits(kind, entry.value)) continue;
        const why = isRegisteredAlgorithm(entry.value)
          ? `is registered, but not as ${WHAT[kind]}`
          : 'is not in the IANA JSON Web Signature and Encryption Algorithms registry';
        findings.push({
          message: `"${name}" lists ${quote(entry.value)}, which ${why}; clients will not recognise it`,
          pointer: entry.pointer,
          expected: WHAT[kind],
        });
      }
    }
    return findings;
  },
});
