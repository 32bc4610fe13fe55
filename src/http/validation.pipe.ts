import { ValidationPipe } from '@nestjs/common';

/** Global validation: unknown fields are errors, values are converted to their DTO types; one message per parameter (its first error). */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true, stopAtFirstError: true, transformOptions: { enableImplicitConversion: false } });
}
