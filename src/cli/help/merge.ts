// chatproof merge: usage and options.
export const MERGE_HELP = `Usage: chatproof merge <results.json|run-dir...> --out DIR

Combines the shards of one load run ("chatproof load --shard i/n" on several processes or
machines, same levels and durations) into DIR/results.json: counts, HDR histograms, time
series and turns add up; figures, SLO verdicts and the knee are derived again.
  --out DIR     where to write the merged results.json (required)
  --quiet       no summary table
`;
