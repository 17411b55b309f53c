// What typed paths are on the engine's machine, asked once typing pauses, so a
// form can say "does not exist" before anything runs (model/pathProblems.ts).
import { useEffect, useState } from 'react';
import { absolutePathSchema } from '../../shared/contract';
import type { PathFacts } from '../model/pathProblems';
import { api } from '../api/connection';

/** The desktop's file chooser; none in a browser page, where paths are typed. */
export { pathPicker } from '../api/connection';

/** Typing pauses this long before the engine is asked. */
const PAUSE_MS = 250;

/** The facts of each valid absolute path among `paths`, by path; a path not known (yet) is absent. */
export function usePathFacts(paths: readonly string[]): ReadonlyMap<string, PathFacts> {
  const [facts, setFacts] = useState<ReadonlyMap<string, PathFacts>>(new Map());
  const key = [...new Set(paths.filter((p) => absolutePathSchema.safeParse(p).success))].sort().join('\n');
  useEffect(() => {
    if (!key) return;
    let current = true;
    const timer = setTimeout(() => {
      void Promise.all(
        key.split('\n').map((path) =>
          api()
            .describePath({ path })
            .catch(() => undefined),
        ),
      ).then((answers) => {
        if (current) setFacts(new Map(answers.filter((a): a is PathFacts => a !== undefined).map((a) => [a.path, a])));
      });
    }, PAUSE_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [key]);
  return facts;
}
