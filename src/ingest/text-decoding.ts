import iconv from "iconv-lite";

// Swedish source systems still export Windows-1252 next to UTF-8, and the files do not say which. Bytes are
// read as UTF-8 until the first non-ASCII byte; if what follows is not valid UTF-8, the file is
// Windows-1252 from there on (ASCII is the same in both, so nothing before it changes). Streaming: only one
// chunk is held at a time.

export type TextEncoding = "utf8" | "win1252";

const UTF8_FATAL = new TextDecoder("utf-8", { fatal: true });

/** Whether the bytes are valid UTF-8, tolerating a sequence cut at the end (it continues in the next chunk). */
function looksUtf8(bytes: Uint8Array): boolean {
  for (let cut = 0; cut <= Math.min(3, bytes.length); cut++) {
    try {
      UTF8_FATAL.decode(bytes.subarray(0, bytes.length - cut));
      return true;
    } catch {
      // try without the last byte(s): they may start a character that the next chunk completes
    }
  }
  return false;
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
      if (encoding === null) {
        const at = firstNonAscii(bytes);
        if (at < 0) {
          yield bytes.toString("latin1"); // pure ASCII so far: the same text in either encoding
          continue;
        }
        encoding = looksUtf8(bytes.subarray(at)) ? "utf8" : "win1252";
      }
      decoder ??= iconv.getDecoder(encoding, { stripBOM: false });
      const text = decoder.write(bytes);
      if (text !== "") yield text;
    }
    const rest = decoder?.end();
    if (rest !== undefined && rest !== "") yield rest;
  }
  return { chunks: chunks(), encoding: () => encoding ?? "utf8" };
}
