/**
 * The layer rules of the design (what may import what), checked by `npm run lint` in `npm test`.
 * TypeScript 7 has no compiler API, so the swc parser reads the sources.
 */
module.exports = {
  forbidden: [
    {
      name: 'no-cross-function',
      comment: 'A function folder is one Lambda; what two functions share lives in shared/ (use-cases/, domain/ …).',
      severity: 'error',
      from: { path: '^functions/([^/]+)/' },
      to: { path: '^functions/', pathNot: '^functions/$1/' },
    },
    {
      name: 'domain-is-pure',
      comment: 'shared/domain holds pure rules: it imports only other domain modules, the contracts, the catalog type and pure maths.',
      severity: 'error',
      from: { path: '^shared/domain/' },
      to: {
        pathNot: ['^shared/(domain|contracts)/', '^shared/config/catalog\\.ts$', '(^|/)node_modules/@stdlib/math-base-special-', '^(node:)?crypto$'],
      },
    },
    {
      name: 'adapters-not-functions',
      comment: 'Adapters implement ports; they know nothing of the functions that use them.',
      severity: 'error',
      from: { path: '^shared/adapters/' },
      to: { path: '^(functions|shared/(use-cases|runtime))/' },
    },
    {
      name: 'shared-not-functions',
      comment: 'shared/ is what functions build on, never the other way round.',
      severity: 'error',
      from: { path: '^shared/' },
      to: { path: '^functions/' },
    },
    {
      name: 'infra-no-adapters',
      comment: 'The stack composes constructs from the config and the wiring table; only the local runner drives adapters.',
      severity: 'error',
      from: { path: '^infra/', pathNot: '^infra/local/' },
      to: { path: '^shared/adapters/' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|cdk\\.out|out)/' },
    parser: 'swc',
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default'],
    },
  },
};
