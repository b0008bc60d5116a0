// Import rules for the whole workspace, checked by `pnpm deps:check` (CI runs it next to lint and typecheck).
// Type-only imports count (tsPreCompilationDeps): a cycle through types still ties the files together for
// whoever reads, tests or moves them.

/**
 * What packages/domain may import besides its own files: pure libraries only, never a node: builtin or a
 * file, network, database or HTTP library. Add one here (as a path pattern) only after checking it does no I/O.
 * temporal-polyfill: the standard Temporal API (time zones through Intl) until Node ships it; pure computation.
 */
const DOMAIN_MAY_IMPORT = ['node_modules/temporal-(polyfill|spec|utils)/'];

const TEST_FILE = '\\.test\\.ts$|/vitest\\.config\\.ts$';
const TEST_TOOLS = '(^|/)node_modules/(vitest|vite)/';
const ZOD = '(^|/)node_modules/zod/';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment:
        'A module reaches itself through its imports. Break the circle at its cause: move the shared type to a ' +
        'small leaf module, or let the collaborator take a narrower dependency than the whole app context.',
      from: { path: '^(apps|packages)/' },
      to: { circular: true },
    },
    {
      name: 'domain-is-pure',
      severity: 'error',
      comment:
        'packages/domain holds the rules and does no I/O: it imports only its own files and the pure libraries ' +
        'listed in DOMAIN_MAY_IMPORT in .dependency-cruiser.cjs (no node: builtins, no apps, no other package).',
      from: { path: '^packages/domain/', pathNot: TEST_FILE },
      to: { pathNot: ['^packages/domain/src/', ...DOMAIN_MAY_IMPORT] },
    },
    {
      name: 'domain-tests-use-domain-and-vitest',
      severity: 'error',
      comment: "packages/domain's tests import the domain and the test runner, nothing else.",
      from: { path: `^packages/domain/.*(${TEST_FILE})` },
      to: { pathNot: ['^packages/domain/src/', TEST_TOOLS, ...DOMAIN_MAY_IMPORT] },
    },
    {
      name: 'protocol-is-domain-and-zod',
      severity: 'error',
      comment: 'packages/protocol is the wire contract: zod schemas over the domain. It imports only packages/domain and zod.',
      from: { path: '^packages/protocol/', pathNot: TEST_FILE },
      to: { pathNot: ['^packages/(protocol|domain)/', ZOD] },
    },
    {
      name: 'protocol-tests-use-protocol-and-vitest',
      severity: 'error',
      comment: "packages/protocol's tests import the protocol, the domain, zod and the test runner, nothing else.",
      from: { path: `^packages/protocol/.*(${TEST_FILE})` },
      to: { pathNot: ['^packages/(protocol|domain)/', ZOD, TEST_TOOLS] },
    },
    {
      name: 'sdk-is-protocol-and-a-socket-client',
      severity: 'error',
      comment: 'packages/sdk is a client of the wire contract: it imports packages/protocol and socket.io-client, never an app or the domain directly.',
      from: { path: '^packages/sdk/', pathNot: TEST_FILE },
      to: { pathNot: ['^packages/(sdk|protocol)/', '(^|/)node_modules/socket\\.io-client/'] },
    },
    {
      // The server serves the console's and the widget's *built* files by path (apps/*/dist, read at run time),
      // and its browser tests read the console's message files the same way: neither is an import, so no
      // exemption is needed, tests included. What they share goes through packages/protocol and packages/domain.
      name: 'no-app-imports-another-app',
      severity: 'error',
      comment: "An app imports another app's source. Share it through packages/protocol or packages/domain instead.",
      from: { path: '^apps/([^/]+)/' },
      to: { path: '^apps/', pathNot: '^apps/$1/' },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment:
        'An import that does not resolve: a typo, a missing dependency, or packages/* not built yet (deps:check ' +
        'builds them first; workspace packages resolve to their built types).',
      from: { path: '^(apps|packages)/' },
      to: { couldNotResolve: true },
    },
  ],
  options: {
    tsPreCompilationDeps: true,
    // As .gitignore: installed and generated files are no source.
    exclude: { path: '(^|/)(node_modules|\\.turbo|data|coverage|artifacts)/' },
    // Built output is reached (a workspace package resolves to its dist types) but neither scanned nor followed.
    doNotFollow: { path: ['(^|/)node_modules/', '(^|/)dist/'] },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
  },
};
