// Operators: a form for every command the API takes, generated from the OpenAPI document's
// JSON Schemas. One Idempotency-Key per submission: it changes when the form's values change
// and after a write, so a double click (or a retry after a lost answer) writes once.
import { useEffect, useMemo, useState } from 'preact/hooks';
import { ApiError, request, type Problem } from '../api.js';
import { Loaded, Section } from '../bits.js';
import { useI18n } from '../i18n.js';
import { hrefOf } from '../router.js';
import {
  bodyOf,
  fieldId,
  initialValues,
  SchemaFields,
  type JsonSchema,
  type Values,
} from '../schema-form.js';
import { useJson } from '../use-json.js';

interface Operation {
  readonly operationId: string;
  readonly summary?: string;
  readonly description?: string;
  readonly tags?: readonly string[];
  readonly 'x-roles'?: readonly string[];
  readonly parameters?: readonly {
    readonly name: string;
    readonly in: string;
    readonly description?: string;
  }[];
  readonly requestBody?: { readonly content?: Readonly<Record<string, { readonly schema?: JsonSchema }>> };
}

interface OpenApi {
  readonly paths: Readonly<Record<string, Readonly<Record<string, Operation>>>>;
  readonly components?: { readonly schemas?: Readonly<Record<string, JsonSchema>> };
}

export interface CommandForm {
  readonly id: string;
  readonly name: string;
  readonly path: string;
  readonly aggregate: string | undefined;
  readonly description: string | undefined;
  readonly schema: JsonSchema;
}

/** A schema with its $refs (to components.schemas) replaced by what they name. */
const resolve = (schema: JsonSchema, document: OpenApi, depth = 0): JsonSchema => {
  if (depth > 20) return schema;
  if (schema.$ref !== undefined) {
    const name = schema.$ref.replace('#/components/schemas/', '');
    return resolve(document.components?.schemas?.[name] ?? {}, document, depth + 1);
  }
  return {
    ...schema,
    ...(schema.properties && {
      properties: Object.fromEntries(
        Object.entries(schema.properties).map(([name, property]) => [
          name,
          resolve(property, document, depth + 1),
        ]),
      ),
    }),
    ...(schema.items && { items: resolve(schema.items, document, depth + 1) }),
  };
};

/**
 * A command's name (`RecordRevenue`, the summary's first word), or for the processes, which are
 * no single command, their path in words (`/month-end` → "Month end").
 */
const commandName = (path: string, operation: Operation): string => {
  const first = (operation.summary ?? '').split(' ')[0] ?? '';
  if (/^[A-Z][a-z]+[A-Z][A-Za-z]*$/.test(first)) return first;
  const words = (
    path
      .split('/')
      .filter((part) => part !== '' && !part.startsWith('{'))
      .pop() ?? operation.operationId
  ).replaceAll('-', ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
};

/** Every operation an operator may send: the commands and the processes (month end, shortages). */
export const commandsOf = (document: OpenApi): CommandForm[] =>
  Object.entries(document.paths).flatMap(([path, operations]) => {
    const post = operations['post'];
    if (post === undefined || !(post['x-roles'] ?? []).includes('operator')) return [];
    const schema = post.requestBody?.content?.['application/json']?.schema;
    const name = commandName(path, post);
    return [
      {
        id: post.operationId,
        name,
        path,
        aggregate: path.includes('{id}') ? path.split('/')[1] : undefined,
        description: post.summary === name ? post.description : post.summary,
        schema: resolve(schema ?? { type: 'object', properties: {} }, document),
      },
    ];
  });

/** A random UUID without crypto.randomUUID, which only secure contexts have (a keyed server may be plain http). */
export const newIdempotencyKey = (): string => {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
};

export const OperatorsPage = ({
  command,
  targetId,
}: {
  readonly command: string | undefined;
  readonly targetId: string | undefined;
}) => {
  const { t } = useI18n();
  const openapi = useJson<OpenApi>('/openapi.json');
  return (
    <>
      <h1>{t('operatorsTitle')}</h1>
      <Loaded result={openapi}>
        {(value) => {
          const commands = commandsOf(value);
          const chosen = commands.find((each) => each.id === command);
          return (
            <div class="operators">
              <nav aria-label={t('chooseCommand')} class="command-list">
                <ul>
                  {commands.map((each) => (
                    <li key={each.id}>
                      <a
                        href={hrefOf({
                          page: 'operators',
                          command: each.id,
                          targetId: each.aggregate === undefined ? undefined : targetId,
                        })}
                        aria-current={each.id === command ? 'page' : undefined}
                      >
                        {each.name}
                      </a>
                    </li>
                  ))}
                </ul>
              </nav>
              {chosen === undefined ? (
                <p>{t('chooseCommand')}</p>
              ) : (
                <CommandFormView key={chosen.id} command={chosen} targetId={targetId} />
              )}
            </div>
          );
        }}
      </Loaded>
    </>
  );
};

type Outcome =
  | {
      readonly kind: 'accepted';
      readonly replayed: boolean;
      readonly body: Readonly<Record<string, unknown>>;
    }
  | { readonly kind: 'refused'; readonly error: ApiError };

const CommandFormView = ({
  command,
  targetId: initialTarget,
}: {
  readonly command: CommandForm;
  readonly targetId: string | undefined;
}) => {
  const { t } = useI18n();
  const [targetId, setTargetId] = useState(initialTarget ?? '');
  const [values, setValues] = useState<Values>(() => initialValues(command.schema));
  const [idempotencyKey, setIdempotencyKey] = useState(newIdempotencyKey);
  const [sending, setSending] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | undefined>();

  const errors = useMemo(() => {
    if (outcome?.kind !== 'refused') return {};
    return Object.fromEntries(
      (outcome.error.problem.errors ?? []).map((error) => [error.path.replace(/^body\./, ''), error.message]),
    );
  }, [outcome]);
  const unplaced = useMemo(() => {
    if (outcome?.kind !== 'refused') return [];
    const fields = new Set(Object.keys(values));
    return (outcome.error.problem.errors ?? []).filter(
      (error) =>
        !fields.has(error.path) &&
        error.path !== 'path.id' &&
        document.getElementById(fieldId(error.path)) === null,
    );
  }, [outcome]);

  useEffect(() => {
    if (outcome?.kind === 'refused' && outcome.error.problem.errors?.[0] !== undefined) {
      document.getElementById(fieldId(outcome.error.problem.errors[0].path))?.focus();
    }
  }, [outcome]);

  const change = (path: string, value: string) => {
    setValues((current) => ({ ...current, [path]: value }));
    setIdempotencyKey(newIdempotencyKey());
  };

  const submit = async (event: Event) => {
    event.preventDefault();
    if (sending) return;
    setSending(true);
    try {
      const path = command.path.replace('{id}', encodeURIComponent(targetId.trim()));
      const response = await request('POST', path, {
        body: bodyOf(command.schema, values) ?? {},
        headers: { 'Idempotency-Key': idempotencyKey },
      });
      setOutcome({
        kind: 'accepted',
        replayed: response.headers.get('Idempotent-Replayed') === 'true',
        body: (await response.json()) as Record<string, unknown>,
      });
      setIdempotencyKey(newIdempotencyKey());
    } catch (error) {
      // No answer (the network failed): the key is kept, so sending again cannot write twice.
      const refusal =
        error instanceof ApiError
          ? error
          : new ApiError({ status: 0, code: 'NO_ANSWER', title: t('error'), detail: String(error) });
      setOutcome({ kind: 'refused', error: refusal });
    } finally {
      setSending(false);
    }
  };

  const targetError =
    outcome?.kind === 'refused'
      ? outcome.error.problem.errors?.find((error) => error.path === 'path.id' || error.path === 'id')
      : undefined;
  return (
    <Section id="command-form" title={command.name}>
      {command.description !== undefined && <p class="muted">{command.description}</p>}
      <form noValidate onSubmit={(event) => void submit(event)} data-idempotency-key={idempotencyKey}>
        {outcome?.kind === 'refused' && <Refusal problem={outcome.error.problem} unplaced={unplaced} />}
        {command.aggregate !== undefined && (
          <div class={targetError === undefined ? 'field' : 'field invalid'}>
            <label for="field-target-id">
              {t('targetId', { aggregate: command.aggregate.replace(/s$/, '') })}
            </label>
            <input
              id="field-target-id"
              name="id"
              type="text"
              value={targetId}
              aria-invalid={targetError === undefined ? undefined : 'true'}
              onInput={(event) => {
                setTargetId((event.target as HTMLInputElement).value);
                setIdempotencyKey(newIdempotencyKey());
              }}
            />
            {targetError !== undefined && <p class="field-error">{targetError.message}</p>}
          </div>
        )}
        <SchemaFields schema={command.schema} values={values} errors={errors} onChange={change} />
        <button type="submit" disabled={sending}>
          {sending ? t('sending') : t('send')}
        </button>
      </form>
      {outcome?.kind === 'accepted' && <Accepted replayed={outcome.replayed} body={outcome.body} />}
    </Section>
  );
};

const Refusal = ({
  problem,
  unplaced,
}: {
  readonly problem: Problem;
  readonly unplaced: readonly { path: string; message: string }[];
}) => {
  const { t } = useI18n();
  return (
    <div class="problem" role="alert" data-testid="refusal">
      <strong>
        {t('refused')}: {problem.title}
      </strong>
      <p>{problem.errors !== undefined && problem.errors.length > 0 ? t('fieldErrors') : problem.detail}</p>
      <code>{problem.code}</code>
      {unplaced.length > 0 && (
        <ul>
          {unplaced.map((error) => (
            <li key={error.path}>
              {error.path === '' ? '' : `${error.path}: `}
              {error.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
};

const Accepted = ({
  replayed,
  body,
}: {
  readonly replayed: boolean;
  readonly body: Readonly<Record<string, unknown>>;
}) => {
  const { t } = useI18n();
  const events = Array.isArray(body['events'])
    ? (body['events'] as { type: string }[]).map((event) => event.type).join(', ')
    : undefined;
  return (
    <div class="accepted" role="status" data-testid="accepted">
      {replayed ? <p>{t('replayed')}</p> : null}
      {events !== undefined ? (
        <p>
          {t('accepted', {
            events: events || '–',
            position: String(body['position']),
            revision: String(body['revision']),
          })}
        </p>
      ) : (
        <pre>{JSON.stringify(body, null, 2)}</pre>
      )}
    </div>
  );
};
