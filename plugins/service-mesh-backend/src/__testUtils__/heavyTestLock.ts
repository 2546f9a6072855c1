import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * The fuzz and load suites each saturate the CPU on purpose. Jest runs test
 * files in parallel workers, so without this they would measure each other
 * (the load test's latency, and so the catalog guard's timeouts, depend on
 * the CPU it gets). They take this cross-process lock so they run one at a
 * time; other test files still run in parallel.
 *
 * The lock is a directory (created atomically) holding the owner's pid; a
 * lock whose owner is gone is taken over.
 */
const LOCK_DIR = path.join(
  os.tmpdir(),
  'mesh-advisor-service-mesh-backend-heavy-tests.lock',
);

function ownerAlive(): boolean {
  try {
    const pid = Number(fs.readFileSync(path.join(LOCK_DIR, 'pid'), 'utf8'));
    if (!Number.isInteger(pid) || pid <= 0) return false;
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Waits for the lock (up to timeoutMs) and returns its release function. */
export async function acquireHeavyTestLock(
  timeoutMs = 150_000,
): Promise<() => void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      fs.mkdirSync(LOCK_DIR);
      fs.writeFileSync(path.join(LOCK_DIR, 'pid'), String(process.pid));
      let released = false;
      return () => {
        if (released) return;
        released = true;
        fs.rmSync(LOCK_DIR, { recursive: true, force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    // A pid file is written right after the directory: give it a moment.
    await new Promise(r => setTimeout(r, 250));
    if (!ownerAlive() && fs.existsSync(path.join(LOCK_DIR, 'pid'))) {
      fs.rmSync(LOCK_DIR, { recursive: true, force: true });
      continue;
    }
    if (Date.now() > deadline) {
      throw new Error(`Timed out waiting for the heavy-test lock ${LOCK_DIR}`);
    }
  }
}
