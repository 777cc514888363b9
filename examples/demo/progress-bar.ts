/** A one-line progress bar on a terminal, or one line per round otherwise. */
export function progressBar(total: number): (round: number, accuracy: number) => void {
  let shown = 0;
  return (round, accuracy) => {
    if (round <= shown) return;
    shown = round;
    const width = 30;
    const filled = Math.round((round / total) * width);
    const line = `  [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] round ${round}/${total}, accuracy ${(accuracy * 100).toFixed(1)} %`;
    if (process.stdout.isTTY) process.stdout.write(`\r${line}${round === total ? '\n' : ''}`);
    else console.log(line);
  };
}
