import iconv from "iconv-lite";

// Swedish source systems still export Windows-1252 next to UTF-8, and the files do not say which. Bytes are
// read as UTF-8 until the first non-ASCII byte; if what follows is not valid UTF-8, the file is
// Windows-1252 from there on (ASCII is the same in both, so nothing before it changes). Streaming: only one
// chunk is held at a time.

export type TextEncoding = "utf8" | "win1252";

/**
 * The encoding the bytes from the first non-ASCII one on show, or null while they end inside what may be
 * one UTF-8 character (a chunk can end anywhere): a streaming decoder holds such a tail back instead of
 * judging it, and only complete characters count as evidence.
 */
function sniff(fromFirstNonAscii: Uint8Array): TextEncoding | null {
  try {
    const text = new TextDecoder("utf-8", { fatal: true }).decode(fromFirstNonAscii, { stream: true });
    return text === "" ? null : "utf8";
  } catch {
    return "win1252";
  }
}

function firstNonAscii(bytes: Uint8Array): number {
  for (let i = 0; i < bytes.length; i++) if ((bytes[i] ?? 0) > 0x7f) return i;
  return -1;
}

export interface DecodedText {
  chunks: AsyncGenerator<string>;
  /** Known once a non-ASCII byte has been seen; "utf8" for pure ASCII. */
  encoding(): TextEncoding;
}

export function decodeText(input: AsyncIterable<Uint8Array | string> | Iterable<Uint8Array>): DecodedText {
  let encoding: TextEncoding | null = null;
  async function* chunks(): AsyncGenerator<string> {
    let decoder: ReturnType<typeof iconv.getDecoder> | null = null;
    let first = true;
    let undecided: Buffer | null = null;
    for await (const raw of input) {
      let bytes =
        typeof raw === "string"
          ? Buffer.from(raw, "utf8")
          : Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
      if (first && bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
        bytes = bytes.subarray(3); // a UTF-8 byte-order mark says the encoding
        encoding = "utf8";
      }
      first = false;
      if (undecided !== null) {
        bytes = Buffer.concat([undecided, bytes]);
        undecided = null;
      }
      if (encoding === null) {
        const at = firstNonAscii(bytes);
        if (at < 0) {
          yield bytes.toString("latin1"); // pure ASCII so far: the same text in either encoding
          continue;
        }
        const verdict = sniff(bytes.subarray(at));
        if (verdict === null) {
          undecided = bytes; // the chunk ends inside a character: the next one decides
          continue;
        }
        encoding = verdict;
      }
      decoder ??= iconv.getDecoder(encoding, { stripBOM: false });
      const text = decoder.write(bytes);
      if (text !== "") yield text;
    }
    if (undecided !== null) {
      // The input ended inside a UTF-8 character, so it was not UTF-8.
      encoding = "win1252";
      decoder = iconv.getDecoder(encoding, { stripBOM: false });
      yield decoder.write(undecided);
    }
    const rest = decoder?.end();
    if (rest !== undefined && rest !== "") yield rest;
  }
  return { chunks: chunks(), encoding: () => encoding ?? "utf8" };
}
