/**
 * How messages name a certificate's public key. The key itself (kty, curve, public members) is read while the key
 * is analysed (src/jwks/certificate.ts) and kept as plain facts on the certificate.
 */
import type { CertKey } from '../../jwks/types.js';

export type { CertKey };

/** How messages name a certificate key: "RSA", "RSASSA-PSS", "EC P-256", "Ed25519", or node's type name. */
export function describeCertKey(certKey: CertKey): string {
  if (certKey.type === 'rsa') return 'RSA';
  if (certKey.type === 'rsa-pss') return 'RSASSA-PSS';
  if (certKey.kty === 'EC') return `EC ${certKey.crv ?? '(unknown curve)'}`;
  return certKey.crv ?? certKey.type;
}
