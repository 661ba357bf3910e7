// Bundles the three front ends and the embed snippet into Gateway/wwwroot, and copies the pages and styles.
// The output is committed so that `dotnet run --project Gateway` serves the UI with no Node step.
import { build } from "esbuild";
import { cpSync, mkdirSync, rmSync } from "node:fs";

const out = new URL("../Gateway/wwwroot/", import.meta.url).pathname;
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
cpSync(new URL("./static/", import.meta.url).pathname, out, { recursive: true });

await build({
  entryPoints: {
    "assets/desk": "src/desk/main.ts",
    "assets/wall": "src/wall/main.ts",
    "assets/chat": "src/chat/main.ts",
    "chat/embed": "src/chat/embed.ts",
  },
  outdir: out,
  bundle: true,
  minify: true,
  format: "iife",
  target: ["es2020"],
  legalComments: "none",
  logLevel: "info",
});

// The hub client's stream cursor alone, as a module the browser tests import to drive it event by event.
await build({
  entryPoints: { "assets/stream-cursor": "src/shared/stream-cursor.ts" },
  outdir: out,
  bundle: true,
  minify: true,
  format: "esm",
  target: ["es2020"],
  legalComments: "none",
  logLevel: "info",
});
