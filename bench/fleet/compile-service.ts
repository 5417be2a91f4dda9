/**
 * The service child as plain JavaScript. Run through tsx, it would carry tsx's module loader, which on Node 20 is
 * a thread with a V8 heap of its own: about 39 MB of RSS (an idle service: 160 MB with it, 121 MB without) that
 * `npm start` never has, counted against the service's memory target. So bench/run.ts transpiles the child's
 * files (bench/fleet/*.ts: the service and the helpers it imports) into bench/results/fleet-build/ and forks the
 * JavaScript with plain node. Types are checked by `tsc --noEmit` with the rest of the repo, not here.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ts from 'typescript';

const FLEET_DIR = fileURLToPath(new URL('.', import.meta.url));

/** Transpiles every .ts file of bench/fleet into `outDir`; returns the URL of the compiled service.js. */
export function compileServiceChild(outDir: string): URL {
  mkdirSync(outDir, { recursive: true });
  for (const name of readdirSync(FLEET_DIR)) {
    if (!name.endsWith('.ts')) continue;
    const source = readFileSync(join(FLEET_DIR, name), 'utf8');
    const { outputText } = ts.transpileModule(source, {
      fileName: name,
      compilerOptions: {
        module: ts.ModuleKind.ESNext,
        target: ts.ScriptTarget.ES2022,
        verbatimModuleSyntax: true,
      },
    });
    writeFileSync(join(outDir, name.replace(/\.ts$/, '.js')), outputText);
  }
  return pathToFileURL(join(outDir, 'service.js'));
}
