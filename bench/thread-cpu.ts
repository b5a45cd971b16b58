// CPU time of each OS thread of this process, from /proc/self/task (Linux): which thread
// worked and which sat idle while a benchmark ran. A pool's worker threads are the ones that
// appear after the pool starts.
import { readdirSync, readFileSync } from 'node:fs';

const TICK = 100; // clock ticks a second (USER_HZ): 100 on Linux

/** Per thread id: user + system CPU seconds so far. */
export function threadCpu(): Map<number, number> {
  const out = new Map<number, number>();
  for (const tid of readdirSync('/proc/self/task')) {
    try {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      // Fields after the command name (which may hold spaces) in parentheses: utime is 14th.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.set(Number(tid), (Number(fields[11]) + Number(fields[12])) / TICK);
    } catch {
      // The thread ended between the listing and the read.
    }
  }
  return out;
}

/** The thread's name (Linux's comm: V8's and libuv's threads name themselves). */
export function threadName(tid: number): string {
  try {
    return readFileSync(`/proc/self/task/${tid}/comm`, 'utf8').trim();
  } catch {
    return '?';
  }
}

/** CPU seconds per thread between two readings (threads started in between from 0). */
export function cpuSince(before: Map<number, number>, after = threadCpu()): Map<number, number> {
  const out = new Map<number, number>();
  for (const [tid, s] of after) out.set(tid, s - (before.get(tid) ?? 0));
  return out;
}
