/** The concern routes' answers, typed from the API's generated contract. */
import type { Answer } from '../../api/client';

/** One concern with its history and what the viewer may do next. */
export type ConcernDetail = Answer<'/api/concerns/{id}', 'get'>;

export type Taxonomy = Answer<'/api/concerns/taxonomy', 'get'>;
