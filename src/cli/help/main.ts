// Help texts, kept beside each other so the README's CLI reference can mirror them.
export const MAIN_HELP = `chatproof: does your chat model remember, answer in time, and hold up under load?

Usage:
  chatproof eval <scenario.yaml...> [options]   run scenarios, score them, write results and a report
  chatproof load <scenario.yaml...> [options]   many concurrent conversations: latency AND accuracy per load level
  chatproof merge <results...> --out DIR        combine load shards (--shard i/n) exactly
  chatproof recover <run-dir>                   rebuild results.json of a stopped run from turns.jsonl
  chatproof report <run-dir|results.json>       regenerate the HTML report and charts from saved results
  chatproof compare <baseline> <candidate>      compare two runs: regressions, significance, CI outputs
  chatproof gate <run-dir|results.json>         judge saved results against SLOs (and a baseline) for CI
  chatproof trend <run...>                      latency and context accuracy across runs: trend.html, trend.png
  chatproof rescore <run-dir> [--scenario FILE]  score saved replies again with edited checks (no target calls)
  chatproof judge-check <scenario.yaml>         measure a judge on the scenario's scripted replies before trusting it
  chatproof freeze <run-dir>                    turn a simulated dialogue into a fixed scenario YAML
  chatproof serve --model <path|preset>         start the bundled OpenAI-compatible Qwen3 server
  chatproof doctor [--gpu cuda]                 machine, node-llama-cpp binaries, GPU backends and their probes
  chatproof --version | --help

Run "chatproof <command> --help" for a command's options.
Exit codes: 0 all SLOs met · 1 an SLO failed or a regression · 2 bad input or usage · 3 target unreachable
            4 inconclusive comparison (with --fail-inconclusive), or a load level measured by a
              harness that fell behind · 5 an output could not be written (disk full, permission)
            70 a chatproof bug · 129/130/143 stopped by SIGHUP/Ctrl-C/SIGTERM (measured turns kept)
`;
