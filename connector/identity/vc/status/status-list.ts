import { gunzipSync } from 'node:zlib';
import { Bitstring } from '@digitalbazaar/bitstring';

/** The spec minimum: 16 KiB of bits, so that a set bit says little about which credential it is. */
export const MIN_STATUS_LIST_LENGTH = 131_072;

/**
 * A BitstringStatusList: index 0 is the most significant bit of the first byte; the encoded form is
 * multibase base64url (`u` prefix) of the GZIP-compressed bits (VC Bitstring Status List §2.1).
 */
export class StatusList {
  private constructor(private readonly bits: Bitstring) {}

  static create(length: number = MIN_STATUS_LIST_LENGTH): StatusList {
    if (!Number.isInteger(length) || length < MIN_STATUS_LIST_LENGTH || length % 8 !== 0) {
      throw new RangeError(`a status list needs a multiple of 8 bits, at least ${MIN_STATUS_LIST_LENGTH}`);
    }
    return new StatusList(new Bitstring({ length }));
  }

  /** Decode an `encodedList`; throws on anything that is not multibase base64url GZIP. */
  static async decode(encodedList: string): Promise<StatusList> {
    if (!encodedList.startsWith('u')) throw new TypeError('encodedList must be multibase base64url (prefix "u")');
    const buffer = await Bitstring.decodeBits({ encoded: encodedList.slice(1) });
    return new StatusList(new Bitstring({ buffer: Uint8Array.from(buffer) }));
  }

  /**
   * Decode a StatusList2021 `encodedList`: GZIP, base64 (standard or url alphabet) without a multibase prefix; a
   * leading `u` before the GZIP magic (`uH4sI`) is tolerated since some issuers write one. Same bit order as above.
   */
  static decodeStatusList2021(encodedList: string): StatusList {
    const text = encodedList.startsWith('uH4sI') ? encodedList.slice(1) : encodedList;
    if (!/^[A-Za-z0-9+/_-]+=*$/.test(text)) throw new TypeError('encodedList is not base64');
    const bytes = gunzipSync(Buffer.from(text, 'base64'), { maxOutputLength: 16 * 1024 * 1024 });
    if (bytes.length === 0) throw new TypeError('encodedList is empty');
    return new StatusList(new Bitstring({ buffer: Uint8Array.from(bytes) }));
  }

  get length(): number {
    return this.bits.length;
  }

  get(index: number): boolean {
    return this.bits.get(index);
  }

  set(index: number, on: boolean): void {
    this.bits.set(index, on);
  }

  async encode(): Promise<string> {
    return `u${await this.bits.encodeBits()}`;
  }
}
