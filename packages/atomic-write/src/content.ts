/** Normalises the data to bytes without copying a Uint8Array. */
export function toBytes(data: string | Uint8Array): Buffer {
  if (typeof data === 'string') return Buffer.from(data, 'utf8');
  if (data instanceof Uint8Array) return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  throw new TypeError(`atomic-write: expected data to be a string or a Uint8Array, found ${typeof data}`);
}
