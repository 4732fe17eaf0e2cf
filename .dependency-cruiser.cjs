// The import rule (ARCHITECTURE.md): each layer of src/ imports only the layers below it, the
// bundled server imports only core, and no two modules import each other, even through others.
// `npm run lint:imports` checks it; a violation is an error with no exception list.
const LAYERS = [
  ['core'],
  ['metrics'],
  ['scenario', 'client'],
  ['score'],
  ['store'],
  ['run'],
  ['load'],
  ['compare'],
  ['gate'],
  ['report'],
  ['cli'],
];

const above = (rank) => LAYERS.slice(rank + 1).flat();

const layerRules = LAYERS.flatMap((names, rank) =>
  names.map((name) => ({
    name: `${name}-imports-downward`,
    comment: `src/${name} is below ${above(rank).join(', ')}: it must not import them`,
    severity: 'error',
    from: { path: `^src/${name}/` },
    to: { path: `^src/(${above(rank).join('|')})/` },
  })),
);

// Folders of one layer do not import each other (scenario and client are siblings).
const siblingRules = LAYERS.filter((names) => names.length > 1).flatMap((names) =>
  names.map((name) => ({
    name: `${name}-not-sibling`,
    comment: `src/${name} and ${names.filter((n) => n !== name).join(', ')} are one layer: neither imports the other`,
    severity: 'error',
    from: { path: `^src/${name}/` },
    to: { path: `^src/(${names.filter((n) => n !== name).join('|')})/` },
  })),
);

module.exports = {
  forbidden: [
    ...layerRules,
    ...siblingRules,
    {
      name: 'server-imports-core-only',
      comment: 'the bundled server stands beside the pipeline: it imports only src/core',
      severity: 'error',
      from: { path: '^src/server/' },
      to: { path: '^src/(?!server/|core/)' },
    },
    {
      name: 'server-used-by-cli-only',
      comment: 'only the command line starts the bundled server',
      severity: 'error',
      from: { path: '^src/(?!server/|cli/)' },
      to: { path: '^src/server/' },
    },
    {
      name: 'no-cycles',
      comment: 'modules importing each other, directly or through others',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'no-top-level-files',
      comment: 'every module lives in a layer folder',
      severity: 'error',
      from: { path: '^src/[^/]+$' },
      to: {},
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js'] },
  },
};
