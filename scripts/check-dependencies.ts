/**
 * The house's import rules, checked with dependency-cruiser (it reads the TypeScript imports, type-only
 * ones included): no two folders of src/ import each other, a connector imports nothing of Portico but
 * itself, and the simulator imports nothing of src/ (it is the other side of the wire: sharing code
 * would hide disagreements with the real vendor). `npm test` runs it (test/dependencies.test.ts);
 * `node scripts/check-dependencies.ts` prints what it finds.
 */
import { cruise, type ICruiseResult, type IForbiddenRuleType } from 'dependency-cruiser';

const ROOTS = ['src', 'sim'];
/** Tests may reach across folders for helpers; the rules are about the product's code. */
const TESTS = '\\.test\\.ts$';

const FORBIDDEN: IForbiddenRuleType[] = [
  {
    name: 'connector-imports-portico',
    comment: "A connector is a wire client: it imports nothing of Portico's but its own folder.",
    severity: 'error',
    from: { path: '^src/connectors/([^/]+)/' },
    to: { path: '^src/', pathNot: '^src/connectors/$1/' },
  },
  {
    name: 'simulator-imports-portico',
    comment: 'The simulator is the other side of the wire and shares no code with Portico.',
    severity: 'error',
    from: { path: '^sim/' },
    to: { path: '^src/' },
  },
];

/** A module's folder: src/<folder> for files in one, the file itself for src/'s top-level files. */
function folderOf(path: string): string | undefined {
  const m = /^src\/([^/]+)(\/)?/.exec(path);
  if (!m) return undefined;
  return m[2] ? `src/${m[1]}` : path;
}

/** Folders that import each other (strongly connected, Tarjan), each with one import per step as an example. */
function folderCycles(result: ICruiseResult): string[] {
  const edges = new Map<string, Map<string, string>>();
  for (const module of result.modules) {
    const from = folderOf(module.source);
    if (!from) continue;
    for (const dependency of module.dependencies) {
      const to = folderOf(dependency.resolved);
      if (!to || to === from) continue;
      if (!edges.has(from)) edges.set(from, new Map());
      if (!edges.get(from)!.has(to)) edges.get(from)!.set(to, `${module.source} -> ${dependency.resolved}`);
    }
  }
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  const visit = (v: string) => {
    index.set(v, index.size);
    low.set(v, index.get(v)!);
    stack.push(v);
    onStack.add(v);
    for (const w of edges.get(v)?.keys() ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1) components.push(component.sort());
    }
  };
  for (const v of edges.keys()) if (!index.has(v)) visit(v);
  return components.map((folders) => {
    const examples = folders.flatMap((a) => folders.filter((b) => edges.get(a)?.has(b)).map((b) => edges.get(a)!.get(b)!));
    return `folder cycle: ${folders.join(' <-> ')} (${examples.join('; ')})`;
  });
}

/** Every broken rule, one line each; empty when the house keeps them. */
export async function checkDependencies(): Promise<string[]> {
  const { output } = await cruise(ROOTS, {
    exclude: { path: ['node_modules', TESTS] },
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    validate: true,
    ruleSet: { forbidden: FORBIDDEN },
  });
  const result = output as ICruiseResult;
  const broken = result.summary.violations.map((v) => `${v.rule.name}: ${v.from} -> ${v.to}`);
  const unresolved = result.modules.flatMap((m) => m.dependencies.filter((d) => d.couldNotResolve).map((d) => `unresolved import: ${m.source} -> ${d.module}`));
  return [...broken, ...unresolved, ...folderCycles(result)];
}

if (import.meta.main) {
  const problems = await checkDependencies();
  console.log(problems.length ? problems.join('\n') : 'No folder cycles; connectors/ and sim/ stand alone.');
  process.exitCode = problems.length ? 1 : 0;
}
