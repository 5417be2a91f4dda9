/**
 * Request validation. Bodies are validated strictly: no type coercion (a string "300" is not an interval), no
 * silent removal of unknown fields (they are an error). Query strings and params, which are strings on the
 * wire, are coerced to the declared types, and an integer only from its canonical decimal digits.
 */
import { Ajv, type ErrorObject, type Options } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { FastifySchemaCompiler } from 'fastify';

// ajv-formats is CommonJS with a default export; under NodeNext it arrives as the module object.
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

const COMMON: Options = { allErrors: true, removeAdditional: false, useDefaults: true, strict: false };

/**
 * ajv coerces with Number(), which reads "0x10", "1e1", "+1", " 1" and "01" as numbers: /providers/0x10 answered
 * with provider 16 (review of the API, defect 11). One spelling per number, so an id in a URL names one thing.
 */
const DECIMAL_INTEGER = /^(?:0|[1-9][0-9]*)$/;

type Validator = ReturnType<FastifySchemaCompiler<unknown>>;

export function validatorCompiler(): FastifySchemaCompiler<unknown> {
  const strict = addFormats(new Ajv({ ...COMMON, coerceTypes: false }));
  const coercing = addFormats(new Ajv({ ...COMMON, coerceTypes: 'array' }));
  return ({ schema, httpPart }) => {
    if (httpPart === 'body') return strict.compile(schema as object);
    return decimalIntegersOnly(coercing.compile(schema as object), integerProperties(schema));
  };
}

/** The top-level properties a params or querystring schema declares as integers. */
function integerProperties(schema: unknown): readonly string[] {
  if (!isObject(schema) || !isObject(schema['properties'])) return [];
  return Object.entries(schema['properties'])
    .filter(([, property]) => {
      const type = isObject(property) ? property['type'] : undefined;
      return type === 'integer' || (Array.isArray(type) && type.includes('integer'));
    })
    .map(([name]) => name);
}

/** `validate`, refusing first any of `names` that arrived as text other than decimal digits. */
function decimalIntegersOnly(validate: Validator, names: readonly string[]): Validator {
  if (names.length === 0) return validate;
  const run = validate as (data: unknown, ...rest: unknown[]) => ReturnType<Validator>;
  const checked: Validator = Object.assign(
    (data: unknown, ...rest: unknown[]) => {
      const refused = isObject(data) ? names.filter((name) => !isDecimal(data[name])).map(notDecimal) : [];
      if (refused.length > 0) {
        checked.errors = refused;
        return false;
      }
      const valid = run(data, ...rest);
      checked.errors = validate.errors;
      return valid;
    },
    // fastify passes an ajv validator the parent object (so that coercion may replace the root) when it has this.
    { errors: null, schemaEnv: (validate as { schemaEnv?: unknown }).schemaEnv },
  );
  return checked;
}

/** Absent, not text (already a number), or text of decimal digits; a repeated parameter is each of its values. */
function isDecimal(value: unknown): boolean {
  if (Array.isArray(value)) return value.every(isDecimal);
  return typeof value !== 'string' || DECIMAL_INTEGER.test(value);
}

function notDecimal(name: string): ErrorObject {
  return {
    keyword: 'pattern',
    instancePath: `/${name}`,
    schemaPath: '#/properties/integer',
    params: { pattern: DECIMAL_INTEGER.source },
    message: 'must be an integer written in decimal digits',
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
