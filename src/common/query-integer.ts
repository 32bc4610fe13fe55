import { Transform } from 'class-transformer';
import { IsInt, type ValidationArguments } from 'class-validator';

/** A whole number in a query string: decimal digits only (no sign, no 0x/0b/0o, no exponent, not empty). */
const DECIMAL_DIGITS = /^[0-9]{1,15}$/;

/** Query text → number when it is decimal digits, else left as it came, for the IsInt check to refuse. */
export function parseQueryInteger(value: unknown): unknown {
  return typeof value === 'string' && DECIMAL_DIGITS.test(value) ? Number(value) : value;
}

function message(args: ValidationArguments): string {
  return `${args.property} must be a whole number written in decimal digits, got ${JSON.stringify(args.value)}`;
}

/**
 * An integer query parameter. Number() alone would take "0x10" as 16,
 * "0b11" as 3, "1e1" as 10 and "" as 0; here only decimal digits are a
 * number, anything else is a 400 naming the parameter and the text it got.
 * Range checks (Min, Max, or the service's own) come after: write it below
 * Min/Max — class-validator checks a property's decorators from the bottom
 * up and the global pipe stops at its first error, so "0x10" is answered
 * with this message, not with "must not be greater than 500".
 */
export function QueryInteger(): PropertyDecorator {
  const transform = Transform(({ value }) => parseQueryInteger(value));
  const isInt = IsInt({ message });
  return (target, key) => {
    transform(target, key);
    isInt(target, key);
  };
}
