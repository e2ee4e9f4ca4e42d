import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { printedBy } from '../helpers/readmeBlock.ts';

// README quotes some answers in its text rather than in a block: "`urbsim solve …` answers `…`" (or "ends `…`").
// Like the blocks (readmeSolve.test.ts and the others), each quote is held to what its command prints: the command and
// the quote read from README (so editing README is what this checks), the command run as the CLI runs it but into a
// temporary folder. README wraps its lines inside the quotes, so runs of white space count as one space on both sides;
// a quote opening with `…` is the end of the line it quotes (a line must end with it), any other is part of one line.
const readme = () => readFileSync('README.md', 'utf8').replace(/\s+/g, ' ');
const QUOTED = /`urbsim ((?:solve|run|sensitivity|compare|calibrate) [^`]+?) ?` (?:answers|ends) `([^`]+)`/g;

describe("README's quoted answers", () => {
  const quotes = [...readme().matchAll(QUOTED)].map((m) => ({ command: m[1], quote: m[2] }));

  it('are found: the Weihai lever that barely moves its target, the Dongguan quota that misses all targets jointly', () => {
    expect(quotes.map((q) => q.command.split(' ')[1])).toEqual(['scenarios/dongguan.yaml', 'scenarios/pilots/weihai.yaml']);
  });

  for (const { command, quote } of quotes) {
    it(`\`urbsim ${command}\` prints what README quotes`, async () => {
      const lines = (await printedBy(command)).out.split('\n').map((l) => l.replace(/\s+/g, ' '));
      const end = quote.startsWith('…') ? quote.replace(/^… ?/, '') : undefined;
      const line = lines.find((l) => (end === undefined ? l.includes(quote) : l.endsWith(end)));
      expect(line, `a line of the output ${end === undefined ? 'holding' : 'ending with'} README's quote`).toBeDefined();
    }, 120_000);
  }
});
