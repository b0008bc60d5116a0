import { useSubmission } from '../../composables/use-submission';
import { useCallError } from './use-call-error';

/** One call action at a time (start, accept, join…), its failure shown in the agent's language. */
export function useCallAction() {
  return useSubmission(null, useCallError());
}
