// A progress bar on stderr: a redrawn line on a terminal, one line a step otherwise
// (CI logs, pipes), so stdout carries only the results table.

export interface Progress {
  step(label: string, seconds: number): void;
  note(text: string): void;
  done(): void;
}

function clock(s: number): string {
  const m = Math.floor(s / 60);
  return `${m}:${String(Math.floor(s % 60)).padStart(2, '0')}`;
}

export function bar(fraction: number, width: number): string {
  const filled = Math.round(Math.max(0, Math.min(1, fraction)) * width);
  return `${'█'.repeat(filled)}${'░'.repeat(width - filled)}`;
}

/** `plannedSeconds`: the load time of all planned steps, for the estimate. */
export function createProgress(plannedSeconds: number, stream: NodeJS.WriteStream = process.stderr): Progress {
  const tty = Boolean(stream.isTTY);
  const start = Date.now();
  let spent = 0;
  let count = 0;
  let timer: NodeJS.Timeout | undefined;
  let current = '';
  let currentStart = 0;
  let currentSeconds = 0;
  const width = (): number => Math.max(40, stream.columns || 120);
  const draw = (): void => {
    const running = Math.min(currentSeconds, (Date.now() - currentStart) / 1000);
    const fraction = plannedSeconds > 0 ? (spent + running) / plannedSeconds : 0;
    const elapsed = (Date.now() - start) / 1000;
    const eta = fraction > 0.02 ? Math.max(0, elapsed / fraction - elapsed) : Number.NaN;
    const line = `${bar(fraction, 24)} ${String(Math.round(fraction * 100)).padStart(3)}% ${clock(elapsed)}${Number.isNaN(eta) ? '' : ` eta ${clock(eta)}`}  ${current}`;
    stream.write(`\r${line.slice(0, width() - 1).padEnd(width() - 1)}`);
  };
  return {
    step(label, seconds) {
      spent += currentSeconds;
      count++;
      current = `#${count} ${label}`;
      currentStart = Date.now();
      currentSeconds = seconds;
      if (!tty) {
        stream.write(`[bench ${clock((Date.now() - start) / 1000)}] ${current}\n`);
        return;
      }
      draw();
      timer ??= setInterval(draw, 250);
      timer.unref();
    },
    note(text) {
      if (tty) stream.write(`\r${' '.repeat(width() - 1)}\r`);
      stream.write(`[bench] ${text}\n`);
      if (tty && current) draw();
    },
    done() {
      if (timer) clearInterval(timer);
      if (tty) stream.write(`\r${' '.repeat(width() - 1)}\r`);
      stream.write(`[bench] done in ${clock((Date.now() - start) / 1000)}\n`);
    },
  };
}
