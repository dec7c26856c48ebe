// Our signing keys as oidc-provider "external" keys: the provider hands us the bytes to sign and we
// sign them with node:crypto, synchronously. Through jose and WebCrypto (the provider's own path),
// each signature is a job sent to the libuv pool and back: ~0.3 ms of CPU for an ES256 signature
// that node:crypto makes in ~0.05 ms (BENCHMARKS.md, "OIDC") — on every login, refresh and API token.
// Same keys, same algorithms, same JWS bytes: relying parties see no difference.
import crypto from "node:crypto";
import { ExternalSigningKey } from "oidc-provider";
import type { JWK } from "jose";

const HASH: Record<string, string> = { ES256: "sha256", RS256: "sha256", PS256: "sha256" };

export class LocalSigningKey extends ExternalSigningKey {
  readonly #kid: string;
  readonly #alg: string;
  readonly #private: crypto.KeyObject;
  readonly #public: crypto.KeyObject;
  readonly #options: crypto.SignKeyObjectInput | crypto.SignPrivateKeyInput;
  readonly #hash: string;

  constructor(jwk: JWK) {
    super();
    if (!jwk.alg || !HASH[jwk.alg]) throw new Error(`algorithme de signature non pris en charge : ${jwk.alg}`);
    this.#kid = jwk.kid!;
    this.#alg = jwk.alg;
    this.#private = crypto.createPrivateKey({ key: jwk as crypto.JsonWebKey, format: "jwk" });
    this.#public = crypto.createPublicKey(this.#private);
    this.#hash = HASH[jwk.alg]!;
    this.#options =
      jwk.alg === "ES256"
        ? { key: this.#private, dsaEncoding: "ieee-p1363" } // JWS wants r‖s, not DER
        : jwk.alg === "PS256"
          ? { key: this.#private, padding: crypto.constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 }
          : { key: this.#private };
  }

  override get kid(): string {
    return this.#kid;
  }

  override get alg(): string {
    return this.#alg;
  }

  /** The public key: what the provider publishes in the JWKS and verifies its own tokens with. */
  override keyObject(): crypto.KeyObject {
    return this.#public;
  }

  override sign(data: Uint8Array): Buffer {
    return crypto.sign(this.#hash, data, this.#options);
  }
}
