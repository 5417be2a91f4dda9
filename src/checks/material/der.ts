// The DER reader lives with the key analysis (src/jwks/der.ts), which reads keyUsage and RSASSA-PSS integers
// while the certificate is parsed; rules and test helpers import it from here as before.
export { KEY_USAGE_BITS, certificateKeyUsage, rsaPublicIntegers, type KeyUsageBit } from '../../jwks/der.js';
