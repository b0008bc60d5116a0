import type { SearchProblem } from '@parley/protocol';

type Translate = (key: string, values?: Record<string, unknown>) => string;

/** What the box did not understand, in the agent's language. */
export function searchProblemText(problem: SearchProblem, t: Translate): string {
  switch (problem.code) {
    case 'unknown_value':
      return t('search.problems.unknownValue', { filter: problem.filter, value: problem.value });
    case 'invalid_date':
      return t('search.problems.invalidDate', { filter: problem.filter, value: problem.value });
    case 'empty_filter':
      return t('search.problems.emptyFilter', { filter: problem.filter });
    case 'too_long':
      return t('search.problems.tooLong');
  }
}
