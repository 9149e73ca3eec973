import { request } from "node:http";

// A POST on a connection of its own (no keep-alive). A test whose server shares the event loop with
// PGlite can block that loop past the server's keep-alive timeout; a pooled socket the server closes at
// that moment fails the next request with ECONNRESET, which is the test's artefact, not the bot's.
export function postOnce(
  url: string,
  headers: Record<string, string>,
  body: string,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: "POST", headers, agent: false }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (d: string) => (text += d));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: text }));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end(body);
  });
}
