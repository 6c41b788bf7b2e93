// npm run lint:deps (part of npm test): no import cycles anywhere, and src/domain's concept
// folders import only the folders below them. The order is the README's "Layout".
const LAYERS = [
  ['lib'],
  ['audit'],
  ['auth', 'registry'],
  ['platforms'],
  ['exercise'],
  ['notify'],
  ['crisis'],
  ['vault'],
  ['report'],
];

const below = (i) => LAYERS.slice(0, i).flat();
const layerRules = LAYERS.flatMap((folders, i) =>
  folders.map((folder) => ({
    name: `domain-${folder}-imports-below`,
    comment: `src/domain/${folder} may import only ${below(i).join(', ') || 'nothing of the domain'}`,
    severity: 'error',
    from: { path: `^src/domain/${folder}/` },
    to: {
      path: '^src/domain/([^/]+)/',
      pathNot: [`^src/domain/(${[folder, ...below(i)].join('|')})/`],
    },
  })),
);

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    { name: 'no-circular', severity: 'error', from: {}, to: { circular: true } },
    {
      name: 'domain-imports-no-runtime',
      comment:
        'the domain takes a database handle: it never reaches for routes, views or an entry point',
      severity: 'error',
      from: { path: '^src/domain/' },
      to: { path: '^(src/(routes|middleware|node|worker|app|node\\.ts|worker\\.ts)|views/)' },
    },
    ...layerRules,
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: 'node_modules' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
  },
};
