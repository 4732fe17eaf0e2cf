// chatproof freeze: usage and options.
export const FREEZE_HELP = `Usage: chatproof freeze <run-dir> [--conversation ID] [--out FILE]

Turns a simulated dialogue saved in <run-dir>/turns.jsonl (a scenario with "simulate:") into a
fixed scenario YAML for regression runs: the simulated user's lines become "user:" turns, the
model's replies their scripted "assistant:" replies (history: recorded), and the simulation's
checks sit on every turn after the first. The file is validated before it is written.

Options:
  --conversation ID        which conversation (default: the run's first simulated one), e.g. support#2
  --out FILE               where to write (default <run-dir>/<scenario>-frozen.yaml); never
                           overwrites a file
  -h, --help               this text
`;
