// A form from a command's JSON Schema (as the OpenAPI document publishes it): one field per
// property, nested objects as fieldsets, enums as selects, lists as comma-separated text. The
// browser does not validate (novalidate): the API is the one judge, and its refusal's field
// paths are shown beside the fields they name.
import type { ComponentChild } from 'preact';
import { useI18n } from './i18n.js';

export interface JsonSchema {
  readonly type?: string | readonly string[];
  readonly title?: string;
  readonly description?: string;
  readonly properties?: Readonly<Record<string, JsonSchema>>;
  readonly required?: readonly string[];
  readonly items?: JsonSchema;
  readonly enum?: readonly unknown[];
  readonly format?: string;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly $ref?: string;
  readonly anyOf?: readonly JsonSchema[];
  readonly allOf?: readonly JsonSchema[];
  readonly const?: unknown;
}

/** Field values by dotted path ("amount.amount"): what the inputs hold, as text. */
export type Values = Readonly<Record<string, string>>;

const typeOf = (schema: JsonSchema): string | undefined =>
  Array.isArray(schema.type)
    ? (schema.type as string[]).find((each) => each !== 'null')
    : (schema.type as string | undefined);

const join = (prefix: string, name: string) => (prefix === '' ? name : `${prefix}.${name}`);

/** The request body the values say, or undefined for an empty optional part. */
export const bodyOf = (schema: JsonSchema, values: Values, prefix = ''): unknown => {
  const type = typeOf(schema);
  if (type === 'object' && schema.properties !== undefined) {
    const body: Record<string, unknown> = {};
    for (const [name, property] of Object.entries(schema.properties)) {
      const value = bodyOf(property, values, join(prefix, name));
      if (value !== undefined) body[name] = value;
    }
    return Object.keys(body).length === 0 && prefix !== '' ? undefined : body;
  }
  const raw = (values[prefix] ?? '').trim();
  if (raw === '') return undefined;
  switch (type) {
    case 'integer':
    case 'number':
      // A number that does not parse is sent as typed: the API names the field.
      return raw !== '' && Number.isFinite(Number(raw)) ? Number(raw) : raw;
    case 'boolean':
      return raw === 'true';
    case 'array': {
      const items = raw
        .split(',')
        .map((item) => item.trim())
        .filter((item) => item !== '');
      const itemType = schema.items === undefined ? undefined : typeOf(schema.items);
      return itemType === 'integer' || itemType === 'number'
        ? items.map((item) => (Number.isFinite(Number(item)) ? Number(item) : item))
        : items;
    }
    case 'string':
      return raw;
    default:
      try {
        return JSON.parse(raw) as unknown;
      } catch {
        return raw;
      }
  }
};

/** Values a form starts with: CNY for currencies (the book's one currency). */
export const initialValues = (schema: JsonSchema, prefix = ''): Values => {
  const values: Record<string, string> = {};
  for (const [name, property] of Object.entries(schema.properties ?? {})) {
    const path = join(prefix, name);
    if (typeOf(property) === 'object') Object.assign(values, initialValues(property, path));
    else if (name === 'currency') values[path] = 'CNY';
  }
  return values;
};

/** A field's id in the page. */
export const fieldId = (path: string) => `field-${path.replace(/[^A-Za-z0-9_-]/g, '-')}`;

interface FieldsProps {
  readonly schema: JsonSchema;
  readonly values: Values;
  readonly errors: Readonly<Record<string, string>>;
  readonly onChange: (path: string, value: string) => void;
  readonly prefix?: string;
  readonly required?: boolean;
}

export const SchemaFields = ({
  schema,
  values,
  errors,
  onChange,
  prefix = '',
}: FieldsProps): ComponentChild => {
  const required = new Set(schema.required ?? []);
  return (
    <>
      {Object.entries(schema.properties ?? {}).map(([name, property]) => {
        const path = join(prefix, name);
        return typeOf(property) === 'object' && property.properties !== undefined ? (
          <fieldset key={path} class="nested">
            <legend>
              {name}
              {!required.has(name) && <OptionalMark />}
            </legend>
            {errors[path] !== undefined && <FieldError path={path} message={errors[path]} />}
            <SchemaFields
              schema={property}
              values={values}
              errors={errors}
              onChange={onChange}
              prefix={path}
            />
          </fieldset>
        ) : (
          <Field
            key={path}
            name={name}
            path={path}
            schema={property}
            required={required.has(name)}
            value={values[path] ?? ''}
            error={errors[path]}
            onChange={onChange}
          />
        );
      })}
    </>
  );
};

const OptionalMark = () => {
  const { t } = useI18n();
  return <span class="muted"> ({t('optional')})</span>;
};

const FieldError = ({ path, message }: { readonly path: string; readonly message: string | undefined }) => (
  <p class="field-error" id={`${fieldId(path)}-error`} data-field={path}>
    {message}
  </p>
);

const Field = ({
  name,
  path,
  schema,
  required,
  value,
  error,
  onChange,
}: {
  readonly name: string;
  readonly path: string;
  readonly schema: JsonSchema;
  readonly required: boolean;
  readonly value: string;
  readonly error: string | undefined;
  readonly onChange: (path: string, value: string) => void;
}) => {
  const { t } = useI18n();
  const id = fieldId(path);
  const type = typeOf(schema);
  const described = [error === undefined ? undefined : `${id}-error`, `${id}-help`].filter(Boolean).join(' ');
  const common = {
    id,
    name: path,
    'aria-invalid': error === undefined ? undefined : ('true' as const),
    'aria-describedby': described,
    onInput: (event: Event) => onChange(path, (event.target as HTMLInputElement).value),
  };
  const help =
    type === 'array' ? `${t('listHint')}. ${schema.items?.description ?? ''}` : (schema.description ?? '');
  let input: ComponentChild;
  if (schema.enum !== undefined)
    input = (
      <select {...common} value={value} onChange={common.onInput}>
        <option value="">–</option>
        {schema.enum.map((option) => (
          <option key={String(option)} value={String(option)}>
            {String(option)}
          </option>
        ))}
      </select>
    );
  else if (type === 'boolean')
    input = (
      <select {...common} value={value} onChange={common.onInput}>
        <option value="">–</option>
        <option value="true">{t('yes')}</option>
        <option value="false">{t('no')}</option>
      </select>
    );
  else if (type === 'integer' || type === 'number')
    input = <input {...common} type="text" inputMode="numeric" value={value} />;
  else if (schema.format === 'date') input = <input {...common} type="date" value={value} />;
  else
    input = (
      <input
        {...common}
        type="text"
        value={value}
        placeholder={schema.format === 'date-time' ? '2026-11-26T09:00:00Z' : undefined}
      />
    );
  return (
    <div class={error === undefined ? 'field' : 'field invalid'}>
      <label for={id}>
        {name}
        {!required && <OptionalMark />}
      </label>
      {input}
      <small id={`${id}-help`} class="muted">
        {help}
      </small>
      {error !== undefined && <FieldError path={path} message={error} />}
    </div>
  );
};
