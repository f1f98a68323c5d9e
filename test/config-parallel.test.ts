/** --parallel-targets: from the flag, the environment or the config file's top level; bounded; never per target. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCommand, UsageError } from '../cli/config.ts';

const cwd = mkdtempSync(path.join(os.tmpdir(), 'cfg-parallel-'));
const file = (name: string, text: string) => (writeFileSync(path.join(cwd, name), text), name);
const targets = 'targets:\n  - { name: a, base-url: "http://127.0.0.1:1", token: t }\n  - { name: b, base-url: "http://127.0.0.1:2", token: t }\n';

describe('--parallel-targets', () => {
  it('defaults to 1; flag over environment over file', () => {
    const config = file('p.yaml', `parallel-targets: 3\n${targets}`);
    expect(parseCommand([], {}, cwd).parallelTargets).toBe(1);
    expect(parseCommand(['--config', config], {}, cwd).parallelTargets).toBe(3);
    expect(parseCommand(['--config', config], { CONFORMANCE_PARALLEL_TARGETS: '2' }, cwd).parallelTargets).toBe(2);
    expect(parseCommand(['--config', config, '--parallel-targets', '4'], { CONFORMANCE_PARALLEL_TARGETS: '2' }, cwd).parallelTargets).toBe(4);
  });

  it('refuses 0, a non-number and a per-target setting with a usage error', () => {
    expect(() => parseCommand(['--parallel-targets', '0'], {}, cwd)).toThrow(/--parallel-targets must be between 1 and 32/);
    expect(() => parseCommand(['--parallel-targets', 'many'], {}, cwd)).toThrow(UsageError);
    const per = file('per.yaml', 'targets:\n  - { name: a, base-url: "http://127.0.0.1:1", token: t, parallel-targets: 2 }\n');
    expect(() => parseCommand(['--config', per], {}, cwd)).toThrow(/parallel-targets applies to the whole run/);
  });
});
