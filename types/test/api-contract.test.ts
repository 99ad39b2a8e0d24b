import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { documentPath, generate, outputPath } from '../scripts/openapi-types.mjs';

const repo = (path: string) => fileURLToPath(new URL(`../../${path}`, import.meta.url));
const readDocument = () => JSON.parse(readFileSync(documentPath, 'utf8'));

describe('the dashboard API types and the OpenAPI document', () => {
  it('types/src/openapi.ts is generated from the committed docs/openapi.json', () => {
    expect(readFileSync(outputPath, 'utf8'), 'Run `npm run generate -w types` and commit types/src/openapi.ts.')
      .toBe(generate(readDocument()));
  });

  it('every reply type the dashboard asks its client for is held against the document', () => {
    const client = readFileSync(repo('web/src/api.ts'), 'utf8');
    const contract = readFileSync(repo('types/src/api-contract.ts'), 'utf8');
    const asked = new Set([...client.matchAll(/(?<!function )request<(\w+)>/g)].map((m) => m[1]));
    const held = new Set([...contract.matchAll(/': Api\.(\w+);/g)].map((m) => m[1]));
    // void: logout's 204; unknown: a chunk's bytes, rrweb events the document does not describe.
    const withoutJson = new Set(['void', 'unknown']);

    expect(asked.size).toBeGreaterThan(10);
    expect([...asked].filter((name) => !held.has(name) && !withoutJson.has(name))).toEqual([]);
  });
});

// The contract is checked by the compiler; these prove it can fail. Each case changes the document the way
// a server change would, generates the types from it, and compiles the contract against them.
describe('the contract fails when a reply changes on the server', () => {
  type Schemas = Record<string, { properties: Record<string, { type?: unknown }>; required: string[]; enum?: string[] }>;
  const changes: Record<string, { change: (schemas: Schemas, document: any) => void; error: RegExp }> = {
    'a field is removed': {
      change: (s) => { delete s.ReplaySummary.properties.device; s.ReplaySummary.required = s.ReplaySummary.required.filter((f) => f !== 'device'); },
      error: /GET \/api\/replays\.replays\[\]\.device: in the type, never on the wire/,
    },
    'a field is added': {
      change: (s) => { s.MomentReplay.properties.pageUrl = { type: 'string' }; s.MomentReplay.required.push('pageUrl'); },
      error: /\.replay\.pageUrl: on the wire, missing from the type/,
    },
    'a field is renamed': {
      change: (s) => {
        s.PeoplePage.properties.cursor = s.PeoplePage.properties.nextCursor;
        delete s.PeoplePage.properties.nextCursor;
        s.PeoplePage.required = ['people', 'cursor'];
      },
      error: /GET \/api\/projects\/\{id\}\/people\.(cursor: on the wire, missing from the type|nextCursor: in the type, never on the wire)/,
    },
    'a field may now be null': {
      change: (s) => { s.ReplayChunkInfo.properties.bytes.type = ['null', 'integer']; },
      error: /chunks\[\]\.bytes: the server may send null, the type does not allow it/,
    },
    'a field is never null any more': {
      change: (s) => { s.PersonListItem.properties.email.type = 'string'; },
      error: /people\[\]\.email: the type allows null, the server never sends it/,
    },
    'a field changes its type': {
      change: (s) => { s.TopEvent.properties.name.type = 'integer'; },
      error: /events\[\]\.name: the type is not the wire's \(a number\)/,
    },
    'a field becomes optional': {
      change: (s) => { s.ReplayMomentList.required = ['items']; },
      error: /\.truncated: sometimes absent on the wire, required in the type/,
    },
    'an enum gains a value': {
      change: (s) => { s.CaptureStatus.enum!.push('throttled'); },
      error: /captureStatus: the wire has values the type does not list/,
    },
    'an operation is added': {
      change: (_, d) => { d.paths['/api/projects/{id}/cohorts'] = { get: structuredClone(d.paths['/api/auth/me'].get) }; },
      error: /GET \/api\/projects\/\{id\}\/cohorts: the server answers it, DashboardReplies gives it no type/,
    },
  };

  const root = mkdtempSync(join(tmpdir(), 'hindsight-contract-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  /** Compiles the contract once per case (and once unchanged), in one run of tsc; the errors of each case. */
  function compileEach(): Record<string, string> {
    const cases: Record<string, (schemas: Schemas, document: any) => void> = { unchanged: () => {}, ...Object.fromEntries(Object.entries(changes).map(([name, c]) => [name, c.change])) };
    const folders: Record<string, string> = {};
    Object.entries(cases).forEach(([name, change], i) => {
      const folder = `case${i}`;
      folders[folder] = name;
      const document = readDocument();
      change(document.components.schemas, document);
      cpSync(repo('types/src/index.ts'), join(root, folder, 'index.ts'));
      cpSync(repo('types/src/api-contract.ts'), join(root, folder, 'api-contract.ts'));
      writeFileSync(join(root, folder, 'openapi.ts'), generate(document));
    });
    writeFileSync(join(root, 'tsconfig.json'), JSON.stringify({
      compilerOptions: { strict: true, noEmit: true, target: 'ES2022', module: 'ESNext', moduleResolution: 'bundler', types: [] },
      include: ['*/*.ts'],
    }));
    const run = spawnSync(repo('node_modules/.bin/tsc'), ['-p', root, '--noErrorTruncation', '--pretty', 'false'], { encoding: 'utf8' });
    const errors: Record<string, string> = Object.fromEntries(Object.values(folders).map((name) => [name, '']));
    let folder = '';
    for (const line of run.stdout.split('\n')) {
      // An error's first line names its file; the lines after it, indented, belong to it.
      if (!line.startsWith(' ')) folder = /(case\d+)[\\/]/.exec(line)?.[1] ?? '';
      if (folder) errors[folders[folder]] += `${line}\n`;
    }
    if (run.status !== 0 && Object.values(errors).every((e) => !e)) throw new Error(`tsc failed: ${run.stdout}${run.stderr}`);
    return errors;
  }

  const errors = compileEach();

  it('compiles the unchanged document without an error', () => {
    expect(errors.unchanged).toBe('');
  });

  it.each(Object.keys(changes))('when %s', (name) => {
    expect(errors[name]).toMatch(changes[name].error);
  });
});
