// Progress on stderr: a redrawn bar on a TTY, a line every ~10% elsewhere (CI logs).
export interface Progress {
  turnDone(ok: boolean): void;
  finish(): void;
}

export function createProgress(
  total: number,
  stream: { write(text: string): unknown; isTTY?: boolean } = process.stderr,
  label = 'turns',
): Progress {
  let done = 0;
  let failed = 0;
  let lastDecile = 0;
  const started = performance.now();
  const tty = stream.isTTY === true;
  const render = (): string => {
    const width = 28;
    const filled = total === 0 ? width : Math.round((done / total) * width);
    const elapsedS = (performance.now() - started) / 1000;
    const etaS = done > 0 ? (elapsedS / done) * (total - done) : NaN;
    const eta = Number.isFinite(etaS) ? ` · eta ${Math.ceil(etaS)}s` : '';
    return (
      `[${'█'.repeat(filled)}${'░'.repeat(width - filled)}] ${done}/${total} ${label}` +
      (failed ? ` · ${failed} failed` : '') +
      ` · ${elapsedS.toFixed(0)}s${eta}`
    );
  };
  return {
    turnDone(ok) {
      done++;
      if (!ok) failed++;
      if (tty) stream.write(`\r${render()}\u001b[K`);
      else {
        const decile = Math.floor((done / Math.max(1, total)) * 10);
        if (decile > lastDecile && total >= 20) {
          lastDecile = decile;
          stream.write(`${render()}\n`);
        }
      }
    },
    finish() {
      if (tty && done > 0) stream.write(`\r${render()}\u001b[K\n`);
    },
  };
}
