/** The concern routes' answers, typed from the server's own functions. */
import type { Deadline } from '../../../../src/concerns/workflow';
import type { concernView } from '../../../../src/concerns/provider-visibility';
import type { ConcernEvent } from '../../../../src/concerns/concerns';
import type { taxonomy } from '../../../../src/concerns/categories';

/** The API's answers: the server's own types. */
export type ConcernView = ReturnType<typeof concernView> & {
  viewingAs: 'practice' | 'commissioner' | 'provider';
  deadlines: Deadline[];
};

export type ConcernDetail = ConcernView & {
  due: Record<string, string>;
  allowedTransitions: string[];
  history: Array<Omit<ConcernEvent, 'details'>>;
};

export type Taxonomy = Awaited<ReturnType<typeof taxonomy>>;
