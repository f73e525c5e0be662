// `node functions/cli/launch.mjs ENTRY.ts [args...]`: runs a TypeScript entry point of this project (the digest CLI's
// npm script uses it) from a bundle compiled once and cached in node_modules/.cache/digest-mailer/. It starts about
// three times faster than `node --import tsx ENTRY.ts`, which registers loader hooks on a worker thread and sends
// every module through them on each start. The cache is keyed by the contents of every source file the bundle
// was built from, so an edit is picked up on the next start, and by the absolute paths baked into it (each
// module's import.meta.url), so a tree copied or restored with its node_modules elsewhere builds afresh
// instead of running a bundle that points back at the old tree (where the entry would not know it is the
// entry point, and would print nothing); builds are written to a fresh directory and renamed
// into place, so concurrent starts never see half a bundle. Without esbuild (an install without devDependencies)
// or when a build fails, it runs the entry through tsx as before. Plain JavaScript: it must run before any loader.
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const entryArgument = process.argv[2];
if (entryArgument === undefined) {
  process.stderr.write('usage: node functions/cli/launch.mjs ENTRY.ts [args...]\n');
  process.exit(2);
}
const entry = resolve(root, entryArgument);
/** LAUNCH_CACHE_DIR moves the cache (tests use a temporary one). */
const cacheRoot = process.env.LAUNCH_CACHE_DIR || join(root, 'node_modules', '.cache', 'digest-mailer');
const cacheDir = join(cacheRoot, relative(root, entry).replace(/[^\w.-]+/g, '_'));
/** Old builds are removed once they have not been used for this long (a running process may still load one). */
const STALE_MS = 10 * 60 * 1000;

/**
 * One hash over this launcher, the compiler settings, the esbuild version, the absolute paths of the tree and the
 * entry (the bundle embeds them), and the given files' contents.
 */
function hashOf(files, esbuildVersion) {
  const hash = createHash('sha256');
  hash.update(readFileSync(fileURLToPath(import.meta.url)));
  hash.update(readFileSync(join(root, 'tsconfig.json')));
  hash.update(`\0${esbuildVersion}\0${root}\0${entry}\0`);
  for (const [file, contents] of files) hash.update(`${file}\0${contents.length}\0`).update(contents);
  return hash.digest('hex').slice(0, 20);
}

/** The directory of the current build, when there is one for the sources as they are now. */
function currentBuild() {
  try {
    const { inputs, esbuild } = JSON.parse(readFileSync(join(cacheDir, 'inputs.json'), 'utf8'));
    const dir = join(
      cacheDir,
      hashOf(
        inputs.map((file) => [file, readFileSync(join(root, file))]),
        esbuild,
      ),
    );
    return existsSync(join(dir, 'entry.mjs')) ? dir : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Every module sees the URL of its own source file as import.meta.url, as it would under tsx (templates are
 * found relative to their loader, and the CLI knows it is the entry point), and the build records exactly the
 * contents it compiled.
 */
function sourcePlugin(loaded) {
  return {
    name: 'source-urls',
    setup(build) {
      build.onLoad({ filter: /\.[cm]?ts$/ }, (args) => {
        const contents = readFileSync(args.path);
        loaded.set(relative(root, args.path), contents);
        const url = JSON.stringify(pathToFileURL(args.path).href);
        return { contents: contents.toString('utf8').replace(/\bimport\.meta\.url\b/g, url), loader: 'ts' };
      });
    },
  };
}

async function build() {
  let esbuild;
  try {
    esbuild = await import('esbuild');
  } catch {
    return undefined;
  }
  const tmp = join(cacheDir, `tmp-${process.pid}-${Date.now()}`);
  const loaded = new Map();
  try {
    mkdirSync(cacheDir, { recursive: true });
    const result = await esbuild.build({
      absWorkingDir: root,
      entryPoints: { entry },
      bundle: true,
      splitting: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      packages: 'external',
      outdir: tmp,
      // .mjs: ES modules wherever the cache lies, whatever package.json is nearest.
      outExtension: { '.js': '.mjs' },
      metafile: true,
      logLevel: 'silent',
      plugins: [sourcePlugin(loaded)],
    });
    const inputs = Object.keys(result.metafile.inputs).sort();
    const files = inputs.map((file) => [file, loaded.get(file) ?? readFileSync(join(root, file))]);
    const dir = join(cacheDir, hashOf(files, esbuild.version));
    try {
      renameSync(tmp, dir);
    } catch {
      // Another start built the same sources first: use its build.
      removeQuietly(tmp);
    }
    const manifest = join(cacheDir, `inputs.json.${process.pid}`);
    writeFileSync(manifest, JSON.stringify({ inputs, esbuild: esbuild.version }));
    renameSync(manifest, join(cacheDir, 'inputs.json'));
    prune(dir);
    return dir;
  } catch {
    // A source that does not compile (tsx reports it the way it always has), or a cache that cannot be written.
    removeQuietly(tmp);
    return undefined;
  }
}

function removeQuietly(path) {
  try {
    rmSync(path, { recursive: true, force: true });
  } catch {
    // Nothing to remove, or nowhere it could have been written.
  }
}

function prune(keep) {
  const now = Date.now();
  for (const name of readdirSync(cacheDir)) {
    const path = join(cacheDir, name);
    try {
      if (path !== keep && statSync(path).isDirectory() && now - statSync(path).mtimeMs > STALE_MS) {
        removeQuietly(path);
      }
    } catch {
      // Removed by another start meanwhile.
    }
  }
}

// The entry sees the command line it would see when run directly: `node ENTRY.ts args...`.
process.argv.splice(1, 2, entry);
const dir = currentBuild() ?? (await build());
if (dir !== undefined) {
  await import(pathToFileURL(join(dir, 'entry.mjs')).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import(pathToFileURL(entry).href);
}
