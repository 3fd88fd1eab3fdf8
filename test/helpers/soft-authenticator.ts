/**
 * A WebAuthn authenticator in software, for tests over plain HTTP: it creates ES256 keys and answers
 * a ceremony's options exactly as a browser and authenticator would (CBOR attestation object with
 * format `none`, authenticator data, a DER signature over authData ‖ SHA-256(clientDataJSON)). Every
 * field can be bent (origin, rpId, counter) to play an attacker.
 */
import { createHash, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';

const b64u = (b: Buffer | Uint8Array) => Buffer.from(b).toString('base64url');
const sha256 = (b: Buffer | string) => createHash('sha256').update(b).digest();

/** Just enough CBOR (RFC 8949) for an attestation object and a COSE key: maps, byte and text strings, small integers. */
function cbor(value: unknown): Buffer {
  const head = (major: number, n: number) => {
    if (n < 24) return Buffer.from([(major << 5) | n]);
    if (n < 256) return Buffer.from([(major << 5) | 24, n]);
    const b = Buffer.alloc(3);
    b[0] = (major << 5) | 25;
    b.writeUInt16BE(n, 1);
    return b;
  };
  if (typeof value === 'number') return value >= 0 ? head(0, value) : head(1, -1 - value);
  if (typeof value === 'string') return Buffer.concat([head(3, Buffer.byteLength(value)), Buffer.from(value)]);
  if (Buffer.isBuffer(value)) return Buffer.concat([head(2, value.length), value]);
  if (value instanceof Map) return Buffer.concat([head(5, value.size), ...[...value].flatMap(([k, v]) => [cbor(k), cbor(v)])]);
  throw new Error(`no CBOR for ${typeof value}`);
}

const FLAG_UP = 0x01;
const FLAG_UV = 0x04;
const FLAG_BE = 0x08;
const FLAG_BS = 0x10;
const FLAG_AT = 0x40;

interface Key {
  privateKey: KeyObject;
  userHandle: string;
  counter: number;
}

export interface SoftAuthenticatorOptions {
  origin: string;
  /** The authenticator verifies its user (PIN, biometric): the UV flag. */
  userVerification?: boolean;
  /** A synced passkey (backup eligible and backed up) rather than a key bound to one device. */
  synced?: boolean;
  /** Counts signatures (else always 0, as many platform passkeys do). */
  counts?: boolean;
}

export class SoftAuthenticator {
  readonly keys = new Map<string, Key>();
  readonly o: SoftAuthenticatorOptions;
  constructor(o: SoftAuthenticatorOptions) {
    this.o = o;
  }

  private flags(extra = 0) {
    return FLAG_UP | (this.o.userVerification ? FLAG_UV : 0) | (this.o.synced ? FLAG_BE | FLAG_BS : 0) | extra;
  }

  private clientData(type: string, challenge: string, origin = this.o.origin) {
    return Buffer.from(JSON.stringify({ type, challenge, origin, crossOrigin: false }));
  }

  /** Answers `navigator.credentials.create` for these options (WebAuthn's JSON encoding). */
  create(options: { challenge: string; rp: { id?: string }; user: { id: string } }, bend: { origin?: string; rpId?: string } = {}) {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const jwk = publicKey.export({ format: 'jwk' });
    const coseKey = cbor(new Map<number, unknown>([[1, 2], [3, -7], [-1, 1], [-2, Buffer.from(jwk.x!, 'base64url')], [-3, Buffer.from(jwk.y!, 'base64url')]]));
    const credentialId = Buffer.from(createHash('sha256').update(String(Math.random())).digest().subarray(0, 16));
    const counter = this.o.counts ? 1 : 0;
    const idLength = Buffer.alloc(2);
    idLength.writeUInt16BE(credentialId.length);
    const authData = Buffer.concat([sha256(bend.rpId ?? options.rp.id!), Buffer.from([this.flags(FLAG_AT)]), u32(counter), Buffer.alloc(16), idLength, credentialId, coseKey]);
    const id = b64u(credentialId);
    this.keys.set(id, { privateKey, userHandle: options.user.id, counter });
    const attestationObject = cbor(new Map<string, unknown>([['fmt', 'none'], ['attStmt', new Map()], ['authData', authData]]));
    return JSON.stringify({
      id,
      rawId: id,
      type: 'public-key',
      response: { clientDataJSON: b64u(this.clientData('webauthn.create', options.challenge, bend.origin)), attestationObject: b64u(attestationObject), transports: ['internal'] },
      clientExtensionResults: {},
      authenticatorAttachment: 'platform',
    });
  }

  /** Answers `navigator.credentials.get` with a key it holds (the first allowed, or `credentialId`). */
  get(options: { challenge: string; rpId?: string; allowCredentials?: { id: string }[] }, bend: { origin?: string; rpId?: string; credentialId?: string; counter?: number } = {}) {
    const id = bend.credentialId ?? options.allowCredentials?.find((c) => this.keys.has(c.id))?.id ?? [...this.keys.keys()][0];
    const key = this.keys.get(id);
    if (!key) throw new Error('no key for these options');
    if (this.o.counts) key.counter++;
    const authData = Buffer.concat([sha256(bend.rpId ?? options.rpId!), Buffer.from([this.flags()]), u32(bend.counter ?? key.counter)]);
    const clientDataJSON = this.clientData('webauthn.get', options.challenge, bend.origin);
    const signature = sign('sha256', Buffer.concat([authData, sha256(clientDataJSON)]), key.privateKey);
    return JSON.stringify({
      id,
      rawId: id,
      type: 'public-key',
      response: { clientDataJSON: b64u(clientDataJSON), authenticatorData: b64u(authData), signature: b64u(signature), userHandle: key.userHandle },
      clientExtensionResults: {},
      authenticatorAttachment: 'platform',
    });
  }
}

function u32(n: number) {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
}
