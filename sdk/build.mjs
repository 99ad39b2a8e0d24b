// Builds the SDK into the server's static files (src/Hindsight.Server/wwwroot/sdk/):
//   hindsight.js           IIFE core, defines window.hindsight (the snippet loads this)
//   hindsight.mjs          the same core as an ES module, `export default hindsight`
//   hindsight-recorder.js  rrweb + batching/upload, loaded by either core only when a recording starts
//   snippet.html           the install snippet, with {{API_HOST}} and {{TOKEN}} for the server to fill in
// and prints each bundle's size, minified and gzipped, against its budget.
import { build, transform } from 'esbuild';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const here = path.dirname(fileURLToPath(import.meta.url));
const outDir = path.resolve(here, '../src/Hindsight.Server/wwwroot/sdk');

const pkg = JSON.parse(await readFile(path.join(here, 'package.json'), 'utf8'));
const versionSource = await readFile(path.join(here, 'src/version.ts'), 'utf8');
if (!versionSource.includes(`LIB_VERSION = '${pkg.version}'`)) {
  throw new Error(`src/version.ts does not match package.json version ${pkg.version}`);
}

const common = {
  bundle: true,
  minify: true,
  sourcemap: 'linked',
  // Browsers of the last few years; the snippet alone is ES5 so that old ones fail quietly.
  target: ['es2019'],
  define: { 'process.env.NODE_ENV': '"production"' },
  logLevel: 'warning',
};

const parts = (await readdir(path.join(here, 'src/parts'), { withFileTypes: true }).catch(() => []))
  .filter((entry) => entry.isDirectory()).map((entry) => entry.name).sort();

await rm(outDir, { recursive: true, force: true });
await mkdir(outDir, { recursive: true });

await Promise.all([
  build({ ...common, entryPoints: [path.join(here, 'src/entry-iife.ts')], format: 'iife', outfile: path.join(outDir, 'hindsight.js') }),
  build({
    ...common,
    entryPoints: [path.join(here, 'src/entry-esm.ts')],
    format: 'esm',
    // import.meta.url tells the module where it was loaded from (its default api_host).
    supported: { 'import-meta': true },
    outfile: path.join(outDir, 'hindsight.mjs'),
  }),
  build({
    ...common,
    entryPoints: [path.join(here, 'src/recorder/entry.ts')],
    format: 'iife',
    banner: { js: '/*! Hindsight recorder. Includes rrweb, MIT License, https://github.com/rrweb-io/rrweb */' },
    outfile: path.join(outDir, 'hindsight-recorder.js'),
  }),
  // The recorder's optional parts (src/parts/<name>/entry.ts → hindsight-recorder-<name>.js), each loaded
  // by the recorder only when its option is on (src/recorder/parts.ts).
  ...parts.map((name) =>
    build({
      ...common,
      entryPoints: [path.join(here, 'src/parts', name, 'entry.ts')],
      format: 'iife',
      outfile: path.join(outDir, `hindsight-recorder-${name}.js`),
    }),
  ),
]);

const snippetSource = await readFile(path.join(here, 'src/snippet/snippet.js'), 'utf8');
const snippet = (await transform(snippetSource, { minify: true, target: 'es5' })).code.trim();
await writeFile(
  path.join(outDir, 'snippet.html'),
  `<!-- Hindsight: analytics and session replay. Paste into <head>. -->\n<script type="text/javascript">\n${snippet}\n</script>\n`,
);

const budgets = { 'hindsight.js': 12_000, 'hindsight.mjs': 12_000, 'hindsight-recorder.js': 35_000, 'snippet.html': 1_500 };
// A part's budget, unless src/parts/<name>/budget.json says otherwise ({ "gzipped": bytes }).
for (const name of parts) {
  const own = await readFile(path.join(here, 'src/parts', name, 'budget.json'), 'utf8').then(JSON.parse, () => ({}));
  budgets[`hindsight-recorder-${name}.js`] = own.gzipped ?? 8_000;
}
const kb = (n) => `${(n / 1000).toFixed(1)} kB`;
console.log('SDK bundles (minified / gzipped, budget gzipped):');
for (const [name, budget] of Object.entries(budgets)) {
  const bytes = await readFile(path.join(outDir, name));
  const gz = gzipSync(bytes, { level: 9 }).length;
  const flag = gz > budget ? '  OVER BUDGET' : '';
  console.log(`  ${name.padEnd(24)} ${kb(bytes.length).padStart(9)} / ${kb(gz).padStart(8)}   (≤ ${kb(budget)})${flag}`);
}
