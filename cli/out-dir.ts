/**
 * The report folder (--out) is checked before the first request: a run that cannot write its reports must not
 * spend the target's requests first. Checked with lstat/stat walking up to the first existing ancestor and a
 * real write probe (we may run as root, for whom mode bits say nothing), never by letting a recursive mkdir
 * fail: on procfs, Node 20's mkdirSync({ recursive: true }) loops forever.
 */
import { lstatSync, mkdirSync, realpathSync, rmdirSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** Kernel file systems: nothing a report can be written to, and recursive mkdir misbehaves on them. */
const KERNEL_FS = ['/proc', '/sys'];

export interface OutDirProblem {
  reason: string;
  hint: string;
}

const HINT = 'choose a folder you can write to with --out (or CONFORMANCE_OUT)';

/** Undefined when the reports can be written to `dir` (created if missing); otherwise why not. Leaves no trace. */
export function outDirProblem(dir: string): OutDirProblem | undefined {
  const abs = path.resolve(dir);
  const problem = (why: string): OutDirProblem => ({ reason: `cannot write the reports to ${abs}: ${why}`, hint: HINT });
  const kernel = (p: string) => KERNEL_FS.find((k) => p === k || p.startsWith(k + '/'));
  if (kernel(abs)) return problem(`${kernel(abs)} is a kernel file system`);

  // Walk up to the first path that exists; everything below it is to be created.
  const missing: string[] = [];
  let existing = abs;
  for (;;) {
    const kind = entryKind(existing);
    if (kind === 'missing') {
      const parent = path.dirname(existing);
      if (parent === existing) return problem('no part of the path exists');
      missing.unshift(existing);
      existing = parent;
      continue;
    }
    if (kind === 'dangling-link') return problem(`${existing} is a symbolic link to a path that does not exist`);
    if (kind === 'other') return problem(existing === abs ? 'it exists and is not a folder' : `${existing} is not a folder`);
    if (kind !== 'dir') return problem(`${existing} cannot be inspected (${kind.slice('error '.length)})`);
    break;
  }
  const real = safeRealpath(existing);
  if (kernel(real)) return problem(`${kernel(real)} is a kernel file system`);
  return writeProbe(abs, missing, problem);
}

type EntryKind = 'missing' | 'dir' | 'dangling-link' | 'other' | `error ${string}`;

function entryKind(p: string): EntryKind {
  let link;
  try {
    link = lstatSync(p);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    // ENOTDIR: a parent is a file; walking up finds it.
    return code === 'ENOENT' || code === 'ENOTDIR' ? 'missing' : `error ${code ?? 'unknown'}`;
  }
  if (!link.isSymbolicLink()) return link.isDirectory() ? 'dir' : 'other';
  try {
    return statSync(p).isDirectory() ? 'dir' : 'other';
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return code === 'ENOENT' || code === 'ENOTDIR' ? 'dangling-link' : `error ${code ?? 'unknown'}`;
  }
}

function safeRealpath(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    return p;
  }
}

/** Creates the missing folders one level at a time, writes and removes a probe file, then removes what it made. */
function writeProbe(abs: string, missing: string[], problem: (why: string) => OutDirProblem): OutDirProblem | undefined {
  const made: string[] = [];
  try {
    for (const dir of missing) {
      try {
        mkdirSync(dir);
      } catch (e) {
        return problem(`${dir} cannot be created (${errorCode(e)})`);
      }
      made.push(dir);
    }
    const probe = path.join(abs, `.vms-conformance-probe-${process.pid}`);
    try {
      writeFileSync(probe, '', { flag: 'wx' });
      unlinkSync(probe);
    } catch (e) {
      return problem(`the folder is not writable (${errorCode(e)})`);
    }
    return undefined;
  } finally {
    for (const dir of made.reverse()) {
      try {
        rmdirSync(dir);
      } catch {
        // Someone else put something there meanwhile: leave it.
      }
    }
  }
}

function errorCode(e: unknown): string {
  return (e as NodeJS.ErrnoException).code ?? (e instanceof Error ? e.message : String(e));
}
