// `--fresh` deletes only what the tool made: the local state folder and the outbox are marked when the tool creates
// them, and a wipe removes the known files of a marked folder, refusing (in one line) a folder it did not make or one
// that holds anything else, which stays untouched.
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  claimLocalDir,
  LocalDirError,
  planLocalWipe,
  wipeLocalDir,
} from '../../../functions/cli/local-stack.js';

const root = mkdtempSync(join(tmpdir(), 'local-dirs-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

let n = 0;
function folder(): string {
  return join(root, `case-${n++}`);
}

/** A state folder as a run leaves it: the token secret, the queue, dynalite's LevelDB files. */
function madeState(dir: string): void {
  claimLocalDir(dir, 'data');
  writeFileSync(join(dir, 'token-secret'), 'secret\n');
  writeFileSync(join(dir, 'queue.json'), '{}');
  mkdirSync(join(dir, 'dynamo'));
  for (const f of ['CURRENT', 'LOCK', 'LOG', 'MANIFEST-000002', '000003.log', '000005.ldb']) {
    writeFileSync(join(dir, 'dynamo', f), '');
  }
}

function madeOutbox(dir: string): void {
  claimLocalDir(dir, 'outbox');
  for (const f of ['digest.html', 'digest.txt', 'ada@example.org.eml']) writeFileSync(join(dir, f), 'x');
}

describe('--fresh on a folder the tool made', () => {
  it('deletes the state it wrote and keeps the folder, marked', () => {
    const dir = folder();
    madeState(dir);

    wipeLocalDir(planLocalWipe(dir, 'data'));

    expect(readdirSync(dir)).toEqual(['.digest-mailer-data']);
  });

  it('deletes the outbox it wrote', () => {
    const dir = folder();
    madeOutbox(dir);

    wipeLocalDir(planLocalWipe(dir, 'outbox'));

    expect(readdirSync(dir)).toEqual(['.digest-mailer-outbox']);
  });

  it('has nothing to do for a folder that does not exist', () => {
    expect(planLocalWipe(join(root, 'never-made'), 'data')).toEqual([]);
  });
});

describe('--fresh refuses, in one line, and touches nothing', () => {
  it("when the tool's folder holds a user's file", () => {
    const dir = folder();
    madeState(dir);
    mkdirSync(join(dir, 'taxes'));
    writeFileSync(join(dir, 'taxes', '2025.txt'), 'mine');

    expect(() => planLocalWipe(dir, 'data')).toThrow(LocalDirError);
    expect(() => planLocalWipe(dir, 'data')).toThrow(
      `refusing to wipe local state folder ${dir}: it holds "taxes" that npm start did not make; move that out, or pick another --data-dir`,
    );
    expect(readFileSync(join(dir, 'taxes', '2025.txt'), 'utf8')).toBe('mine');
    expect(existsSync(join(dir, 'token-secret'))).toBe(true);
  });

  it('when a file sits among the LevelDB files', () => {
    const dir = folder();
    madeState(dir);
    writeFileSync(join(dir, 'dynamo', 'notes.txt'), 'mine');

    expect(() => planLocalWipe(dir, 'data')).toThrow(/holds "dynamo\/notes.txt"/);
  });

  it('when a known name is a symbolic link', () => {
    const dir = folder();
    madeOutbox(dir);
    writeFileSync(join(root, 'elsewhere.txt'), 'mine');
    symlinkSync(join(root, 'elsewhere.txt'), join(dir, 'bob@example.org.eml'));

    expect(() => planLocalWipe(dir, 'outbox')).toThrow(/holds "bob@example.org.eml"/);
  });

  it('when the folder has no marker, even if every name in it looks like the outbox', () => {
    const dir = folder();
    mkdirSync(dir);
    writeFileSync(join(dir, 'letter-to-grandma.eml'), 'mine');

    expect(() => planLocalWipe(dir, 'outbox')).toThrow(
      `refusing to wipe outbox ${dir}: npm start did not make it (no .digest-mailer-outbox in it); empty it yourself, or pick another --outbox`,
    );
    expect(readdirSync(dir)).toEqual(['letter-to-grandma.eml']);
  });
});

describe('claiming a folder', () => {
  it('marks a new or empty folder, and leaves a folder with other things in it unmarked', () => {
    const fresh = folder();
    claimLocalDir(fresh, 'data');
    const used = folder();
    mkdirSync(used);
    writeFileSync(join(used, 'taxes.txt'), 'mine');
    claimLocalDir(used, 'data');

    expect(readdirSync(fresh)).toEqual(['.digest-mailer-data']);
    expect(readdirSync(used)).toEqual(['taxes.txt']);
  });
});

describe('a folder option that names a file', () => {
  it('is refused in one line naming the option, and the file is left as it was', () => {
    const file = folder();
    writeFileSync(file, 'my notes');
    const refusal = `--data-dir ${file} is not a folder (a file is in its way); pick another --data-dir`;

    expect(() => planLocalWipe(file, 'data')).toThrow(new LocalDirError(refusal));
    expect(() => claimLocalDir(file, 'data')).toThrow(new LocalDirError(refusal));
    expect(() => claimLocalDir(join(file, 'outbox'), 'outbox')).toThrow(
      `--outbox ${join(file, 'outbox')} is not a folder (a file is in its way); pick another --outbox`,
    );
    expect(readFileSync(file, 'utf8')).toBe('my notes');
  });
});
