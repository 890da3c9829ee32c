// CPU time and memory of a process from /proc: utime + stime from /proc/<pid>/stat (in
// clock ticks, converted to seconds) and VmRSS / VmHWM from /proc/<pid>/status. Read
// before and after each run; the difference is what the run cost that process.
import { readFileSync } from 'node:fs';

/** Clock ticks a second (USER_HZ); 100 on every Linux this bench meets. */
const TICKS_PER_SECOND = 100;

export interface ProcSample {
  cpuSeconds: number;
  rssMb: number;
  hwmMb: number;
}

export function readProcStat(text: string): number {
  // The command name (field 2) may hold spaces and parentheses: fields count from the last ')'.
  const rest = text.slice(text.lastIndexOf(')') + 2).split(' ');
  // rest[0] is field 3 (state); utime is field 14, stime field 15.
  const utime = Number(rest[11]);
  const stime = Number(rest[12]);
  return (utime + stime) / TICKS_PER_SECOND;
}

export function readStatusKb(text: string, key: string): number {
  const match = new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(text);
  return match ? Number(match[1]) : 0;
}

/** A sample of the process, or undefined when it is gone (or /proc is not there). */
export function sampleProcess(pid: number): ProcSample | undefined {
  try {
    const cpuSeconds = readProcStat(readFileSync(`/proc/${pid}/stat`, 'utf8'));
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return { cpuSeconds, rssMb: readStatusKb(status, 'VmRSS') / 1024, hwmMb: readStatusKb(status, 'VmHWM') / 1024 };
  } catch {
    return undefined;
  }
}

export interface ProcUsage {
  cpu_s: number;
  rss_mb: number;
}

/** CPU seconds the whole machine spent busy (all CPUs; idle and iowait excluded). */
export function machineBusySeconds(text: string): number {
  const fields = (text.split('\n')[0] ?? '').trim().split(/\s+/).slice(1).map(Number);
  const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = fields;
  return (user + nice + system + irq + softirq + steal) / TICKS_PER_SECOND;
}

function readMachineBusy(): number | undefined {
  try {
    return machineBusySeconds(readFileSync('/proc/stat', 'utf8'));
  } catch {
    return undefined;
  }
}

/**
 * Samples a named set of processes now; `finish()` returns each one's cost since, and
 * `other`: the CPU time the rest of the machine used meanwhile — other people's work on a
 * shared machine, which the numbers of that run then carry as noise.
 */
export function startUsage(pids: Record<string, number>): { finish(): Record<string, ProcUsage> } {
  const before = Object.fromEntries(Object.entries(pids).map(([name, pid]) => [name, sampleProcess(pid)]));
  const busyBefore = readMachineBusy();
  return {
    finish() {
      const out: Record<string, ProcUsage> = {};
      let known = 0;
      for (const [name, pid] of Object.entries(pids)) {
        const a = before[name];
        const b = sampleProcess(pid);
        if (!a || !b) continue;
        known += b.cpuSeconds - a.cpuSeconds;
        out[name] = { cpu_s: round(b.cpuSeconds - a.cpuSeconds, 2), rss_mb: round(b.rssMb, 1) };
      }
      const busyAfter = readMachineBusy();
      if (busyBefore !== undefined && busyAfter !== undefined) out.other = { cpu_s: round(Math.max(0, busyAfter - busyBefore - known), 2), rss_mb: 0 };
      return out;
    },
  };
}

export function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
