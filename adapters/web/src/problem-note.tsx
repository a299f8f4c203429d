// A refusal or failure as people read it: the API's title and detail, and its code for support.
import { ApiError } from './api.js';
import { useI18n } from './i18n.js';

export const ProblemNote = ({ error }: { readonly error: unknown }) => {
  const { t } = useI18n();
  const problem = error instanceof ApiError ? error.problem : undefined;
  return (
    <div class="problem" role="alert">
      <strong>{problem?.title ?? t('error')}</strong>
      <p>{problem?.detail ?? String(error)}</p>
      {problem !== undefined && <code>{problem.code}</code>}
    </div>
  );
};
