/** How a blob's hash is stored: a sha256 hex as its 32 bytes (half the size), anything else as text. */
export type BlobKey = Buffer | string;

const SHA256_HEX = /^[0-9a-f]{64}$/;

export function toBlobKey(hash: string): BlobKey {
  return SHA256_HEX.test(hash) ? Buffer.from(hash, 'hex') : hash;
}

export function fromBlobKey(key: BlobKey): string {
  return typeof key === 'string' ? key : key.toString('hex');
}
