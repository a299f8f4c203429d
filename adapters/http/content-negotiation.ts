// The representation a GET answers with, from the Accept header: the first of what the route
// offers when the client takes anything (or says nothing), 406 when it takes none of them.
import type { Request } from 'express';
import { problem, ProblemError } from './problem.js';

export const negotiate = <T extends string>(req: Request, offered: readonly [T, ...T[]]): T => {
  const chosen = req.accepts([...offered]);
  if (chosen === false)
    throw new ProblemError(
      problem(
        406,
        'NOT_ACCEPTABLE',
        `This route answers ${offered.join(' or ')}, not ${req.get('accept') ?? ''}`,
        {
          available: offered,
        },
      ),
    );
  return chosen as T;
};
