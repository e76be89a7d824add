/**
 * Loads an example's `main.ts` (or any module that builds a cdk8s app and calls `synth()`) in a
 * fresh module registry, without writing anything, and returns the app it built, so tests can
 * synthesize the same tree with cdk8s's `App` and with `SinglePassApp`.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

/** The app a module built, with the module registry it was built in. */
export interface LoadedApp {
  /** The app the module built (an instance of this registry's cdk8s `App`). */
  readonly app: any;
  /** This registry's `cdk8s` module. */
  readonly cdk8s: typeof import('cdk8s');
  /** This registry's library module. */
  readonly lib: typeof import('../../src');
}

/** Builds the app of `modulePath` in a fresh registry; its `synth()` call writes nothing. */
export function loadApp(modulePath: string, build?: (lib: LoadedApp) => void): LoadedApp {
  let loaded: LoadedApp | undefined;
  jest.isolateModules(() => {
    // A fresh registry needs require(): an import would share the test's modules.
    /* eslint-disable @typescript-eslint/no-require-imports */
    const cdk8s = require('cdk8s') as typeof import('cdk8s');
    const lib = require('../../src') as typeof import('../../src');
    const apps: any[] = [];
    const capture = function (this: any) { apps.push(this); };
    const spies = [jest.spyOn(cdk8s.App.prototype, 'synth').mockImplementation(capture),
      jest.spyOn(lib.SinglePassApp.prototype, 'synth').mockImplementation(capture)];
    try {
      if (build) build({ app: undefined, cdk8s, lib });
      else require(modulePath);
      /* eslint-enable @typescript-eslint/no-require-imports */
    } finally {
      for (const s of spies) s.mockRestore();
    }
    if (apps.length !== 1) throw new Error(`${modulePath} called synth() ${apps.length} times; expected once`);
    loaded = { app: apps[0], cdk8s, lib };
  });
  return loaded!;
}

/** Every file under `dir` (relative path → content). */
export function readTree(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out.set(relative(dir, p), readFileSync(p, 'utf8'));
    }
  };
  walk(dir);
  return out;
}

/** Runs `synth` with the app's output directory set to a fresh folder; returns what it wrote. */
export function synthInto(app: any, synth: (app: any) => void): Map<string, string> {
  const dir = mkdtempSync(join(tmpdir(), 'single-pass-'));
  const previous = app.outdir;
  try {
    (app as { outdir: string }).outdir = dir;
    synth(app);
    return readTree(dir);
  } finally {
    (app as { outdir: string }).outdir = previous;
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Drops the leading number (`0004-`) cdk8s and SinglePassApp put before a chart's name. */
export function byChart(files: Map<string, string>): Map<string, string> {
  const out = new Map<string, string>();
  for (const [file, text] of files) {
    const key = file.replace(/^\d{4}-/, '');
    if (out.has(key)) throw new Error(`two files for ${key}`);
    out.set(key, text);
  }
  return out;
}
