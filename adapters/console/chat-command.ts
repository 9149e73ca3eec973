import { join } from "node:path";
import { createInterface } from "node:readline";
import { seedDemoDirectory } from "../../src/app/demo-directory.ts";
import type { Config } from "../../src/config.ts";
import { startRuntime } from "../../src/main.ts";
import { CONSOLE_PLATFORM, CONSOLE_TENANT, ConsoleSession } from "./console-session.ts";

/**
 * `sip chat`: a terminal chat with the bot. On a terminal it prompts; from a pipe it reads one message per
 * line, prints each reply, and exits at the end of input, so whole conversations can be scripted.
 */
export async function runChat(config: Config, options: { user: string; locale?: string }): Promise<number> {
  const runtime = await startRuntime(config);
  try {
    if (
      config.SIP_DEMO_DIRECTORY === "auto" &&
      (await seedDemoDirectory(runtime.deps.store, CONSOLE_PLATFORM, CONSOLE_TENANT))
    ) {
      console.log(
        "Demokatalog skapad (påhittade personer): anna, eva (kommun), bo, david (region), cecilia (chef, kommun).",
      );
    }
    const tty = process.stdin.isTTY === true && process.stdout.isTTY === true;
    const session = new ConsoleSession({
      deps: runtime.deps,
      user: options.user,
      tty,
      print: (l) => console.log(l),
      fileDir: join(config.SIP_DATA_DIR, "filer"),
      ...(options.locale !== undefined && { locale: options.locale }),
    });
    const rl = createInterface({ input: process.stdin, terminal: tty });
    const prompt = () => {
      if (tty) process.stdout.write(`${session.currentUser}> `);
    };
    if (tty)
      console.log('Skriv "sip hjälp" för kommandon, "@bo: ..." för att tala som bo, Ctrl-D för att avsluta.');
    prompt();
    // Lines are handled strictly one after another, in order, even when they arrive faster than replies.
    for await (const line of rl) {
      try {
        await session.line(line);
      } catch (e) {
        console.error(`Fel: ${(e as Error).name}. Raden hoppades över; inget annat påverkades.`);
      }
      prompt();
    }
    return 0;
  } finally {
    await runtime.close();
  }
}
